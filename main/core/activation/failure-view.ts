// A failure as the user sees it: the catalog's plain message, what to ask IT,
// and the service's log reference when there is one; what was tried, for Try
// again and the diagnostic report. Three kinds stay apart
// (as openid-client keeps them): what the service said or the app refused
// (already a coded LatchkeyError), the way to the server failing
// (SERVER_UNREACHABLE), and anything else — a defect in the app —
// INTERNAL_ERROR, never dressed up as being offline.
import type { FailureView } from '../../../common/desktop-api.ts';
import { isFailureCode, remedyFor, userMessageFor } from '../../../common/failure-codes.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { isNetworkFailure } from '../network-failure.ts';

export function toLatchkeyError(err: unknown): LatchkeyError {
  if (err instanceof LatchkeyError) return err;
  if (isNetworkFailure(err))
    return new LatchkeyError('SERVER_UNREACHABLE', (err as Error).message, {}, { cause: err });
  return new LatchkeyError('INTERNAL_ERROR', describeDefect(err), {}, { cause: err });
}

/** The defect for the diagnostic report: its kind, message and where it was thrown (no secrets in our frames). */
export function describeDefect(err: unknown): string {
  if (!(err instanceof Error)) return `thrown: ${String(err)}`;
  const frame = err.stack
    ?.split('\n')
    .find((line) => line.trim().startsWith('at '))
    ?.trim();
  return `${err.name}: ${err.message}${frame ? ` (${frame})` : ''}`;
}

export function failureView(error: LatchkeyError, at: Date, tried: FailureView['tried'] = null): FailureView {
  const { reference, reason, group, days, retryAfterSeconds } = error.evidence;
  // A revoked activation says why in its reason's words (USER_NOT_IN_GROUP: "You are not in the group…").
  const why = isFailureCode(reason) && reason !== error.code ? reason : null;
  return {
    code: error.code,
    message: userMessageFor(why ?? error.code, {
      days: typeof days === 'number' ? days : null,
      // SIGN_IN_RATE_LIMITED: the service's Retry-After, as whole minutes to wait.
      waitMinutes: typeof retryAfterSeconds === 'number' ? Math.ceil(retryAfterSeconds / 60) : null,
    }),
    askIt: remedyFor(why ?? error.code, { group: typeof group === 'string' ? group : null }),
    reference: typeof reference === 'string' ? reference : null,
    reason: why,
    detail: error.message,
    at: at.toISOString(),
    tried,
  };
}
