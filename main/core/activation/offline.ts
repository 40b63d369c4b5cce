// No server at check-in (or no keychain to renew with): the license keeps
// working on its lease, offline, and a check-in is tried again later. Once the
// lease has run out the app fails, but keeps the license for the next check-in.
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import type { LicenseState } from '../license-verifier.ts';
import type { StoredLicense } from '../licensing/license-file.ts';
import type { EngineContext } from './engine-context.ts';
import { failureView } from './failure-view.ts';
import { summarize } from './license-summary.ts';

/** Check-in failures that leave the license in use until its lease ends. */
export const offlineCauses: ReadonlySet<string> = new Set(['SERVER_UNREACHABLE', 'KEYCHAIN_UNAVAILABLE']);

export async function runOffline(
  ctx: EngineContext,
  stored: StoredLicense,
  cause: LatchkeyError,
): Promise<void> {
  const offline = { ...stored, offline: true };
  await ctx.file.write(offline);
  ctx.history.add('offline', cause.code, ctx.now());
  const verified = await ctx.licenseCheck.verify(offline);
  if (verified.status === 'expired')
    ctx.state.apply({ type: 'lease-ended-offline', failure: failureView(cause, ctx.now()) });
  else ctx.state.apply({ type: 'went-offline', license: summarize(offline, verified) });
  ctx.renewal.scheduleRetry();
}

/** The lease ran out with no check-in since (found at start): the failure the user sees. */
export function leaseEndedWhileOffline(verified: LicenseState): LatchkeyError {
  return new LatchkeyError(
    'SERVER_UNREACHABLE',
    `the lease ended ${verified.leaseEndsAt.toISOString()} while offline`,
  );
}
