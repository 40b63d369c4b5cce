// Console API of issue 26: self-service release and sign-in from a second
// device on or off (the account's Devices settings), device approval per license, and the pending device
// approval requests with Approve / Deny. Every change is audited.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DeviceSettings, PendingApprovalsAnswer } from '../../common/console-devices.ts';
import {
  decideApproval,
  listPendingApprovals,
  setLicenseDeviceApproval,
} from '../devices/approval-decisions.ts';
import { deviceCodeSignInOn, setDeviceCodeSignIn } from '../devices/device-code-setting.ts';
import { selfServiceReleaseOn, setSelfServiceRelease } from '../devices/self-service-setting.ts';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';

const settingsInput = z.object({ selfServiceRelease: z.boolean() }).strict();
const deviceCodeInput = z.object({ on: z.boolean() }).strict();
const approvalInput = z.object({ required: z.boolean() }).strict();
const decisionParams = z.object({ id: z.uuid(), decision: z.enum(['approve', 'deny']) }).strict();

export function registerDeviceRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };

  app.get('/api/console/device-settings', async (request): Promise<DeviceSettings> => {
    const { accountId } = requireSession(request);
    const licenses = await db
      .selectFrom('licenses')
      .select(['id', 'edition', 'expires_at', 'device_approval'])
      .where('account_id', '=', accountId)
      .orderBy('expires_at', 'desc')
      .orderBy('id')
      .execute();
    return {
      selfServiceRelease: await selfServiceReleaseOn(db, accountId),
      deviceCodeSignIn: await deviceCodeSignInOn(db, accountId),
      licenses: licenses.map((l) => ({
        id: l.id,
        edition: l.edition,
        expiresAt: l.expires_at,
        deviceApproval: l.device_approval === 1,
      })),
    };
  });

  app.put('/api/console/device-settings', protect, async (request) => {
    const session = requireSession(request);
    const input = parseInput(settingsInput, request.body);
    await setSelfServiceRelease(db, deps.clock, {
      accountId: session.accountId,
      on: input.selfServiceRelease,
      actor: actorOf(session),
    });
    return { selfServiceRelease: input.selfServiceRelease };
  });

  // "Sign in from a second device" (RFC 8628 device code), audited.
  app.put('/api/console/device-code-sign-in', protect, async (request) => {
    const session = requireSession(request);
    const { on } = parseInput(deviceCodeInput, request.body);
    await setDeviceCodeSignIn(db, deps.clock, { accountId: session.accountId, on, actor: actorOf(session) });
    return { deviceCodeSignIn: on };
  });

  app.put('/api/console/licenses/:id/device-approval', protect, async (request) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const { required } = parseInput(approvalInput, request.body);
    await setLicenseDeviceApproval(db, deps.clock, {
      accountId: session.accountId,
      licenseId: id,
      required,
      actor: actorOf(session),
    });
    return { required };
  });

  app.get('/api/console/device-approvals', async (request): Promise<PendingApprovalsAnswer> => {
    const { accountId } = requireSession(request);
    return { requests: await listPendingApprovals(db, deps.clock, accountId) };
  });

  app.post('/api/console/device-approvals/:id/:decision', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id, decision } = parseInput(decisionParams, request.params, 'path');
    await decideApproval(db, deps.clock, {
      accountId: session.accountId,
      requestId: id,
      approve: decision === 'approve',
      actor: actorOf(session),
    });
    return reply.status(204).send();
  });
}
