// The app's licensing API (/api/v1), behind the authorization server's access
// tokens: activate this device, check in, deactivate. Each handler parses,
// calls, maps: refusals go through access/refuse.ts (every outcome lands in the
// activation log) and leave as refusal-json.ts's catalog status and body.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { attempt, type RefusalScene } from '../access/refuse.ts';
import { claimOfGrant } from '../access/sign-in-grant.ts';
import { ApiError } from '../http/api-error.ts';
import { enforceRateLimits, keyActivationLimits } from '../http/rate-limits.ts';
import { parseInput } from '../http/validate.ts';
import { licensingContext } from './licensing-context.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { activateDevice, deactivateDevice } from './activations.ts';
import { checkIn, finishCheckIn } from './check-in.ts';
import { checkInRouteSchema, type CheckInParams } from './check-in-route-schema.ts';
import { keyCheckInInOneStatement } from './key-check-in.ts';
import { tokenCheckInInOneStatement } from './token-check-in.ts';
import { deviceInput } from './device-input.ts';
import { callerOf, type Caller } from './api-caller.ts';
import { activateByKey, keyActivationInput } from './key-activation.ts';
import { sendRefusalJson } from './refusal-json.ts';
import type { ApprovalTicket } from '../../common/my-devices.ts';
import { activateOrAskApproval } from '../devices/approval-wait.ts';

const activationParams = z.object({ id: z.uuid() }).strict();

const sceneOf = (caller: Caller, stage: RefusalScene['stage']): RefusalScene => ({
  stage,
  accountId: caller.accountId,
  email: caller.email,
});

/** The caller; a deprovisioned one's refusal is written to the activation log like any refused check-in. */
async function callerFor(deps: ServiceDeps, request: FastifyRequest, stage: RefusalScene['stage']) {
  return attempt(deps.database.db, deps.clock, { stage, email: null }, () => callerOf(deps, request));
}

/** A good activation in the log; one above the seat count says so (access/overage.ts). */
const activationEvidence = (done: { activationId: string; overCount: boolean }, deviceName: string) => ({
  activationId: done.activationId,
  device: deviceName,
  ...(done.overCount && { overCount: true }),
});

const ownActivation = (caller: Caller, id: string) => {
  if (caller.onlyActivation !== undefined && caller.onlyActivation !== id) {
    throw new ApiError(403, 'forbidden', 'this activation secret belongs to another activation');
  }
};

export function registerLicensingApiRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  registerActivationStarts(app, deps);
  registerActivationUpkeep(app, deps);
}

/** A device activates: with a license key (no SSO), or with the bearer token of an SSO sign-in. */
function registerActivationStarts(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  // Activation by license key, no SSO: rate limited, since anyone may call it.
  app.post('/api/v1/activations/by-key', async (request, reply) => {
    await enforceRateLimits(deps, reply, keyActivationLimits(request.ip));
    const input = parseInput(keyActivationInput, request.body);
    const scene: RefusalScene = {
      stage: 'activation',
      accountId: null,
      email: input.email,
      evidence: { via: 'key' },
    };
    const issued = await attempt(
      db,
      deps.clock,
      scene,
      () => activateByKey(licensingContext(deps), input),
      (done) => ({ accountId: done.accountId, ...activationEvidence(done, input.deviceName) }),
    );
    if (!issued.ok) return sendRefusalJson(reply, issued.refusal);
    reply.header('cache-control', 'no-store');
    const { overCount: _logOnly, accountId: _logged, ...body } = issued.value;
    return reply.status(201).send(body);
  });

  app.post('/api/v1/activations', async (request, reply) => {
    const called = await callerFor(deps, request, 'activation');
    if (!called.ok) return sendRefusalJson(reply, called.refusal);
    const caller = called.value;
    if (caller.onlyActivation !== undefined)
      throw new ApiError(403, 'forbidden', 'an activation secret cannot start new activations');
    const device = parseInput(deviceInput, request.body);
    let approval: ApprovalTicket | undefined;
    const ask = { accountId: caller.accountId, userId: caller.userId, device };
    const issued = await attempt(
      db,
      deps.clock,
      sceneOf(caller, 'activation'),
      async () =>
        activateOrAskApproval(
          db,
          deps.clock,
          ask,
          async () =>
            activateDevice(
              licensingContext(deps),
              caller.accountId,
              caller.userId,
              device,
              // The same facts the browser step decided on: the claim bound to this token's grant.
              await claimOfGrant(db, caller.grantId ?? null, caller.userId),
            ),
          (ticket) => (approval = ticket),
        ),
      (done) => activationEvidence(done, device.deviceName),
    );
    if (!issued.ok) return sendRefusalJson(reply, issued.refusal, approval && { approval });
    const { overCount: _logOnly, ...body } = issued.value;
    return reply.status(201).send(body);
  });
}

/** An activated device renews its lease, or gives its seat back. */
function registerActivationUpkeep(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  // The path id is checked by the route's compiled schema (check-in-route-schema.ts).
  app.post<{ Params: CheckInParams }>(
    '/api/v1/activations/:id/check-in',
    { schema: checkInRouteSchema },
    async (request, reply) => {
      const ctx = licensingContext(deps);
      // Activation secret: caller and read in one statement (PostgreSQL: the renewal too).
      const byKey = await keyCheckInInOneStatement(ctx, request.headers.authorization, request.params.id);
      // PostgreSQL, the app's DPoP-bound token: token, proof's jti, read and renewal in one statement.
      const byToken = byKey ? undefined : await tokenCheckInInOneStatement(ctx, request);
      const called = byKey
        ? {
            ok: true as const,
            value: { ...byKey.caller, email: null, onlyActivation: byKey.caller.activationId },
          }
        : byToken
          ? { ok: true as const, value: byToken.caller }
          : await callerFor(deps, request, 'check-in');
      if (!called.ok) return sendRefusalJson(reply, called.refusal);
      const caller = called.value;
      const { id } = request.params;
      ownActivation(caller, id);
      const read = byKey?.read ?? byToken?.read;
      const renewed = await attempt(db, deps.clock, sceneOf(caller, 'check-in'), () =>
        read ? finishCheckIn(ctx, read) : checkIn(ctx, id, caller.userId),
      );
      return renewed.ok ? renewed.value : sendRefusalJson(reply, renewed.refusal);
    },
  );

  app.delete('/api/v1/activations/:id', async (request, reply) => {
    const called = await callerFor(deps, request, 'deactivation');
    if (!called.ok) return sendRefusalJson(reply, called.refusal);
    const caller = called.value;
    const { id } = parseInput(activationParams, request.params, 'path');
    ownActivation(caller, id);
    const done = await attempt(
      db,
      deps.clock,
      sceneOf(caller, 'deactivation'),
      () => deactivateDevice(licensingContext(deps), id, caller.userId),
      () => ({ activationId: id }),
    );
    return done.ok ? reply.status(204).send() : sendRefusalJson(reply, done.refusal);
  });
}
