// Console API for webhooks (issue 24 item 2, docs/webhooks.md): endpoints of
// the chosen workspace, their secret in the creating and rotating answers only,
// the delivery log with redeliver, and "send test event".
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { eventTypes, type EventType } from '../../common/event-types.ts';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { listAttempts, listDeliveries } from '../webhooks/delivery-log.ts';
import {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  setEndpointEnabled,
  updateEndpoint,
} from '../webhooks/endpoints.ts';
import { deliverySettings } from '../webhooks/from-config.ts';
import { redeliver, sendTestEvent } from '../webhooks/manual.ts';

const typeNames = Object.keys(eventTypes) as [EventType, ...EventType[]];
const eventTypeList = z
  .array(z.enum(typeNames))
  .min(1, 'choose at least one event type, or all')
  .max(typeNames.length)
  .nullable();

const createInput = z
  .object({
    url: z.string().trim().min(1, 'enter the endpoint URL').max(2000),
    description: z.string().trim().max(200).default(''),
    eventTypes: eventTypeList.default(null),
  })
  .strict();
const updateInput = z
  .object({ description: z.string().trim().max(200).optional(), eventTypes: eventTypeList.optional() })
  .strict();
const deliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() }).strict();
const logQuery = z
  .object({
    cursor: z
      .string()
      .regex(/^[0-9TZ:.-]+_\d+_[0-9a-f-]{36}$/, 'not a page cursor')
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

export function registerWebhookRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };
  const ctx = () => ({
    db,
    clock: deps.clock,
    masterKey: deps.masterKey,
    policy: deliverySettings(deps.config),
  });

  app.get('/api/console/webhooks', async (request) => {
    const session = requireSession(request);
    return { endpoints: await listEndpoints(db, session.accountId) };
  });

  app.post('/api/console/webhooks', protect, async (request, reply) => {
    const session = requireSession(request);
    const input = parseInput(createInput, request.body);
    const shown = await createEndpoint(ctx(), session.accountId, input, actorOf(session));
    reply.header('cache-control', 'no-store');
    return reply.status(201).send(shown);
  });

  app.patch('/api/console/webhooks/:id', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const input = parseInput(updateInput, request.body);
    await updateEndpoint(ctx(), session.accountId, id, input, actorOf(session));
    return reply.status(204).send();
  });

  for (const [path, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const)
    app.post(`/api/console/webhooks/:id/${path}`, protect, async (request, reply) => {
      const session = requireSession(request);
      const { id } = parseInput(idParam, request.params, 'path');
      await setEndpointEnabled(ctx(), session.accountId, id, enabled, actorOf(session));
      return reply.status(204).send();
    });

  app.post('/api/console/webhooks/:id/rotate-secret', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const shown = await rotateEndpointSecret(ctx(), session.accountId, id, actorOf(session));
    reply.header('cache-control', 'no-store');
    return shown;
  });

  app.delete('/api/console/webhooks/:id', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    await deleteEndpoint(ctx(), session.accountId, id, actorOf(session));
    return reply.status(204).send();
  });

  app.post('/api/console/webhooks/:id/test', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const deliveryId = await sendTestEvent(db, deps.clock, session.accountId, id);
    return reply.status(202).send({ deliveryId });
  });

  app.get('/api/console/webhooks/:id/deliveries', async (request) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const query = parseInput(logQuery, request.query, 'query');
    return listDeliveries(db, {
      accountId: session.accountId,
      endpointId: id,
      before: query.cursor ?? null,
      limit: query.limit,
    });
  });

  app.get('/api/console/webhooks/:id/deliveries/:deliveryId/attempts', async (request) => {
    const session = requireSession(request);
    const { id, deliveryId } = parseInput(deliveryParams, request.params, 'path');
    return { attempts: await listAttempts(db, { accountId: session.accountId, endpointId: id, deliveryId }) };
  });

  app.post('/api/console/webhooks/:id/deliveries/:deliveryId/redeliver', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id, deliveryId } = parseInput(deliveryParams, request.params, 'path');
    await redeliver(db, deps.clock, { accountId: session.accountId, endpointId: id, deliveryId });
    return reply.status(202).send();
  });
}
