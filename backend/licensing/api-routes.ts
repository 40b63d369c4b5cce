// The app's licensing API (/api/v1), behind the authorization server's access
// tokens: activate this device, check in, deactivate. Refusals carry the
// catalog code and its HTTP status; every outcome lands in the activation log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { describeFailure } from '../../common/failure-codes.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { ApiError } from '../http/api-error.ts';
import { enforceRateLimits, keyActivationLimits } from '../http/rate-limits.ts';
import { parseInput } from '../http/validate.ts';
import { desktopClientId, oidcProvider } from '../oidc/provider.ts';
import { logAttempt } from '../saml/activation-log.ts';
import { licensingContext, type ServiceDeps } from '../service-deps.ts';
import { activateDevice, checkIn, deactivateDevice } from './activations.ts';
import { deviceInput } from './device-input.ts';
import {
  activateByKey,
  activationForSecret,
  activationSecretPrefix,
  keyActivationInput,
} from './key-activation.ts';

const activationParams = z.object({ id: z.uuid() }).strict();

interface Caller {
  userId: string;
  accountId: string;
  email: string | null;
  /** Set for a key activation's secret: it may act on this activation only. */
  onlyActivation?: string;
}

async function callerOf(deps: ServiceDeps, request: FastifyRequest): Promise<Caller> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const invalid = () =>
    new ApiError(401, 'invalid_token', 'a valid access token from the Latchkey sign-in is required');
  if (!token) throw invalid();
  if (token.startsWith(activationSecretPrefix)) {
    const owner = await activationForSecret(deps.database.db, token);
    if (!owner) throw invalid();
    return {
      userId: owner.userId,
      accountId: owner.accountId,
      email: null,
      onlyActivation: owner.activationId,
    };
  }
  const provider = await oidcProvider(deps);
  const accessToken = await provider.AccessToken.find(token);
  if (
    !accessToken ||
    accessToken.isExpired ||
    accessToken.clientId !== desktopClientId ||
    !accessToken.accountId
  )
    throw invalid();
  const user = await deps.database.db
    .selectFrom('account_users')
    .select(['id', 'account_id', 'email'])
    .where('id', '=', accessToken.accountId)
    .executeTakeFirst();
  if (!user) throw invalid();
  return { userId: user.id, accountId: user.account_id, email: user.email };
}

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
