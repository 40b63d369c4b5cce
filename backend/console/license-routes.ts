// Console API for licensing: read and register licenses, split seats into sublicenses,
// see and revoke activations (licensing/admin-service.ts).
import type { FastifyInstance } from 'fastify';
import { enforceRateLimits, licenseRegistrationLimits } from '../http/rate-limits.ts';
import { forgetAttempts } from '../http/rate-limit-store.ts';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import {
  addSublicense,
  listSublicenses,
  revokeActivationByAdmin,
  sublicenseInput,
} from '../licensing/admin-service.ts';
import { registerLicenseInput, registerLicenseKey } from '../licensing/license-registration.ts';
import { listLicenses } from '../licensing/license-registry.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { deviceListQuery, devicePage } from './lists/device-list.ts';

export function registerConsoleLicenseRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };

  app.get('/api/console/licenses', async (request) => {
    const session = requireSession(request);
    return { licenses: await listLicenses(db, deps.clock, session.accountId) };
  });

  // Licenses → Register license key: binds a key the operator issued to this account.
  app.post('/api/console/licenses', protect, async (request, reply) => {
    const session = requireSession(request);
    const limits = licenseRegistrationLimits(session.accountId, request.ip);
    await enforceRateLimits(deps, reply, limits);
    const { key } = parseInput(registerLicenseInput, request.body);
    const license = await registerLicenseKey(db, deps.clock, session.accountId, key, actorOf(session));
    for (const limit of limits) await forgetAttempts(db, deps.clock, limit);
    return reply.status(201).send(license);
  });

  app.get('/api/console/licenses/:id/sublicenses', async (request) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    return { sublicenses: await listSublicenses(db, session.accountId, id) };
  });

  app.post('/api/console/licenses/:id/sublicenses', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const created = await addSublicense(
      db,
      deps.clock,
      session.accountId,
      id,
      parseInput(sublicenseInput, request.body),
      actorOf(session),
    );
    return reply.status(201).send(created);
  });

  app.get('/api/console/activations', async (request) => {
    const session = requireSession(request);
    // One page, filtered by license, sublicense or user (issue 23 item 8: no user filter, 1,000 rows at most).
    const page = await devicePage(
      deps.database,
      session.accountId,
      parseInput(deviceListQuery, request.query, 'query'),
    );
    return { activations: page.items, nextCursor: page.nextCursor };
  });

  app.post('/api/console/activations/:id/revoke', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    await revokeActivationByAdmin(db, deps.clock, session.accountId, id, actorOf(session));
    return reply.status(204).send();
  });
}
