// The app's side of issue 26 items 1 and 4 on the licensing API: the user's
// own devices (after a fresh SSO sign-in) and releasing one; a waiting
// device's poll for the admin's answer. Each route parses, calls, maps;
// refusals leave as the licensing API's catalog JSON, written to the
// activation log like every attempt.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { approvalPollPath, myDevicesPath, type ApprovalStillPending } from '../../common/my-devices.ts';
import { attempt } from '../access/refuse.ts';
import { ApiError } from '../http/api-error.ts';
import { parseInput } from '../http/validate.ts';
import { activateDevice } from '../licensing/activations.ts';
import { callerOf } from '../licensing/api-caller.ts';
import { licensingContext } from '../licensing/licensing-context.ts';
import { sendRefusalJson } from '../licensing/refusal-json.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { pollAfterSeconds, requestOfPollToken, spendPollToken } from './approval-requests.ts';
import { requireFreshSignIn } from './fresh-sign-in.ts';
import { listMyDevices, releaseMyDevice } from './my-devices.ts';
import { requireSelfServiceRelease } from './self-service-setting.ts';

const listQuery = z.object({ deviceId: z.string().min(8).max(200).optional() }).strict();
const releaseParams = z.object({ id: z.uuid() }).strict();

export function registerDeviceApiRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  registerMyDevices(app, deps);
  registerApprovalPoll(app, deps);
}

function registerMyDevices(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  /** The caller, who must hold a fresh SSO sign-in and an account that lets users release. */
  async function freshCaller(request: FastifyRequest) {
    const caller = await callerOf(deps, request);
    await requireSelfServiceRelease(db, caller);
    await requireFreshSignIn(db, deps.clock, caller);
    return caller;
  }

  app.get(myDevicesPath, async (request, reply) => {
    const { deviceId } = parseInput(listQuery, request.query, 'query');
    const listed = await attempt(db, deps.clock, { stage: 'deactivation', email: null }, async () => {
      const caller = await freshCaller(request);
      return listMyDevices(db, caller, deviceId ?? null);
    });
    if (!listed.ok) return sendRefusalJson(reply, listed.refusal);
    reply.header('cache-control', 'no-store');
    return { devices: listed.value };
  });

  app.post(`${myDevicesPath}/:id/release`, async (request, reply) => {
    const { id } = parseInput(releaseParams, request.params, 'path');
    const released = await attempt(
      db,
      deps.clock,
      { stage: 'deactivation', email: null, evidence: { by: 'user', activationId: id } },
      async () => {
        const caller = await freshCaller(request);
        return { caller, ...(await releaseMyDevice(db, deps.clock, caller, id)) };
      },
      (done) => ({ accountId: done.caller.accountId, email: done.caller.email, device: done.deviceName }),
    );
    return released.ok ? reply.status(204).send() : sendRefusalJson(reply, released.refusal);
  });
}

function registerApprovalPoll(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  app.post(approvalPollPath, async (request, reply) => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const row = await requestOfPollToken(db, token);
    if (!row)
      throw new ApiError(401, 'invalid_token', 'a poll token of a device approval request is required');
    const now = deps.clock.now().toISOString();
    if (row.status === 'pending' && row.expires_at > now) {
      reply.header('cache-control', 'no-store');
      const body: ApprovalStillPending = { status: 'pending', expiresAt: row.expires_at, pollAfterSeconds };
      return reply.status(202).send(body);
    }
    const device = {
      deviceId: row.device_id,
      deviceName: row.device_name,
      os: row.os,
      appVersion: row.app_version,
    };
    const scene = {
      stage: 'activation' as const,
      accountId: row.account_id,
      email: null,
      evidence: { via: 'approval', requestId: row.id },
    };
    const issued = await attempt(
      db,
      deps.clock,
      scene,
      async () => {
        if (row.status === 'denied')
          throw new LatchkeyError('DEVICE_APPROVAL_DENIED', 'an admin denied this device', {
            requestId: row.id,
          });
        if (row.status === 'pending')
          throw new LatchkeyError('DEVICE_APPROVAL_EXPIRED', 'nobody decided within 7 days', {
            requestId: row.id,
            expiresAt: row.expires_at,
          });
        // Approved: seats are counted now, in the database, as for any activation.
        return activateDevice(licensingContext(deps), row.account_id, row.user_id, device, null);
      },
      (done) => ({ activationId: done.activationId, device: device.deviceName }),
    );
    if (!issued.ok) return sendRefusalJson(reply, issued.refusal);
    await spendPollToken(db, row.id);
    const { overCount: _logOnly, ...body } = issued.value;
    reply.header('cache-control', 'no-store');
    return reply.status(201).send(body);
  });
}
