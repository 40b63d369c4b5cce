// Admin approval of new devices, on the app's side (issue 26 item 4): the
// activation came back DEVICE_APPROVAL_PENDING with a poll ticket; the app says
// "Waiting for your IT team to approve this computer" (activating, with
// `approval`) and polls, backing off from the service's first wait up to 5
// minutes, until the admin decides: approved → the license (seats counted by
// the service at that moment), denied or expired → that refusal's code.
// Cancel (or a wait capped by the caller, e.g. the CLI's --approval-wait)
// ends it as DEVICE_APPROVAL_PENDING: the request stays, a later activation
// asks about the same one.
import type { ApprovalTicket } from '../../../common/my-devices.ts';
import { ApprovalPending } from '../devices/approval-pending.ts';
import type { ApiCredential, IssuedLicense, LicensingClient } from '../licensing/licensing-client.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import type { EngineContext } from './engine-context.ts';

const maxPollGapMs = 5 * 60_000;
const backoff = 1.5;

export async function activateOrWaitForApproval(
  ctx: EngineContext,
  client: LicensingClient,
  accessToken: ApiCredential,
  email: string,
  signal: AbortSignal,
): Promise<IssuedLicense> {
  try {
    return await client.activate(accessToken, ctx.options.device);
  } catch (err) {
    if (!(err instanceof ApprovalPending)) throw err;
    const waitMs = ctx.options.approvalWaitMs;
    if (waitMs === 0) throw err;
    ctx.state.apply({ type: 'approval-pending', email, expiresAt: err.ticket.expiresAt });
    ctx.history.add('waiting for approval', `request ${err.ticket.requestId}`, ctx.now());
    return pollUntilDecided(ctx, client, err, signal, waitMs);
  }
}

async function pollUntilDecided(
  ctx: EngineContext,
  client: LicensingClient,
  pending: ApprovalPending,
  signal: AbortSignal,
  waitMs: number | undefined,
): Promise<IssuedLicense> {
  const ticket: ApprovalTicket = pending.ticket;
  const giveUpAt = Date.now() + (waitMs ?? Number.POSITIVE_INFINITY);
  let gapMs = ctx.options.approvalPollMs ?? ticket.pollAfterSeconds * 1000;
  for (;;) {
    if (Date.now() + gapMs > giveUpAt) throw pending;
    await pause(gapMs, signal);
    if (signal.aborted) throw pending;
    try {
      const answer = await client.pollApproval(ticket.pollToken);
      if (!('status' in answer)) return answer;
    } catch (err) {
      // No server for a moment: keep waiting; the admin's answer is still to come.
      if (!(err instanceof LatchkeyError && err.code === 'SERVER_UNREACHABLE')) throw err;
    }
    gapMs = Math.min(gapMs * backoff, maxPollGapMs);
  }
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
