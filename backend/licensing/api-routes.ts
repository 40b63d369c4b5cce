// The app's licensing API (/api/v1), behind the authorization server's access
// tokens: activate this device, check in, deactivate. Refusals carry the
// catalog code and its HTTP status; every outcome lands in the activation log.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { describeFailure } from '../../common/failure-codes.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { ApiError } from '../http/api-error.ts';
import { enforceRateLimits, keyActivationLimits } from '../http/rate-limits.ts';
import { parseInput } from '../http/validate.ts';
import { logAttempt } from '../access/activation-log.ts';
import { licensingContext, type ServiceDeps } from '../service-deps.ts';
import { activateDevice, deactivateDevice } from './activations.ts';
import { checkIn } from './check-in.ts';
import { deviceInput } from './device-input.ts';
import { callerOf, type Caller } from './api-caller.ts';
import { activateByKey, keyActivationInput } from './key-activation.ts';

const activationParams = z.object({ id: z.uuid() }).strict();

export function registerLicensingApiRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  async function refusal(
    reply: FastifyReply,
    caller: Caller,
    stage: 'activation' | 'check-in' | 'deactivation',
    err: LatchkeyError,
  ) {
    const reference = await logAttempt(db, deps.clock, {
      accountId: caller.accountId,
      email: caller.email,
      stage,
      outcome: 'failure',
      code: err.code,
      evidence: { detail: err.message, ...err.evidence },
    });
    const info = describeFailure(err.code);
    return reply
      .status(info.httpStatus)
      .send({ error: { code: err.code, message: info.userMessage, reference } });
  }

  const ownActivation = (caller: Caller, id: string) => {
    if (caller.onlyActivation !== undefined && caller.onlyActivation !== id) {
      throw new ApiError(403, 'forbidden', 'this activation secret belongs to another activation');
    }
  };

  // Activation by license key, no SSO: rate limited, since anyone may call it.
  app.post('/api/v1/activations/by-key', async (request, reply) => {
    await enforceRateLimits(deps, reply, keyActivationLimits(request.ip));
    const input = parseInput(keyActivationInput, request.body);
    try {
      const issued = await activateByKey(licensingContext(deps), input);
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(issued);
    } catch (err) {
      if (!(err instanceof LatchkeyError)) throw err;
      const info = describeFailure(err.code);
      const reference = await logAttempt(db, deps.clock, {
        accountId: null,
        email: input.email,
        stage: 'activation',
        outcome: 'failure',
        code: err.code,
        evidence: { detail: err.message, via: 'key', ...err.evidence },
      });
      return reply
        .status(info.httpStatus)
        .send({ error: { code: err.code, message: info.userMessage, reference } });
    }
  });

  app.post('/api/v1/activations', async (request, reply) => {
    const caller = await callerOf(deps, request);
    if (caller.onlyActivation !== undefined)
      throw new ApiError(403, 'forbidden', 'an activation secret cannot start new activations');
    const device = parseInput(deviceInput, request.body);
    try {
      const issued = await activateDevice(licensingContext(deps), caller.accountId, caller.userId, device);
      await logAttempt(db, deps.clock, {
        accountId: caller.accountId,
        email: caller.email,
        stage: 'activation',
        outcome: 'success',
        code: null,
        evidence: { activationId: issued.activationId, device: device.deviceName },
      });
      return reply.status(201).send(issued);
    } catch (err) {
      if (err instanceof LatchkeyError) return refusal(reply, caller, 'activation', err);
      throw err;
    }
  });

  app.post('/api/v1/activations/:id/check-in', async (request, reply) => {
    const caller = await callerOf(deps, request);
    const { id } = parseInput(activationParams, request.params, 'path');
    ownActivation(caller, id);
    try {
      return await checkIn(licensingContext(deps), id, caller.userId);
    } catch (err) {
      if (err instanceof LatchkeyError) return refusal(reply, caller, 'check-in', err);
      throw err;
    }
  });

  app.delete('/api/v1/activations/:id', async (request, reply) => {
    const caller = await callerOf(deps, request);
    const { id } = parseInput(activationParams, request.params, 'path');
    ownActivation(caller, id);
    try {
      await deactivateDevice(licensingContext(deps), id, caller.userId);
      await logAttempt(db, deps.clock, {
        accountId: caller.accountId,
        email: caller.email,
        stage: 'deactivation',
        outcome: 'success',
        code: null,
        evidence: { activationId: id },
      });
      return reply.status(204).send();
    } catch (err) {
      if (err instanceof LatchkeyError) return refusal(reply, caller, 'deactivation', err);
      throw err;
    }
  });
}
