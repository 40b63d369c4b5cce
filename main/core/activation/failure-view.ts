// A failure as the user sees it: the catalog's plain message, what to ask IT,
// and the service's log reference when there is one; what was tried, for Try
// again and the diagnostic report.
import type { FailureView } from '../../../common/desktop-api.ts';
import { describeFailure, remedyFor } from '../../../common/failure-codes.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';

/** Anything that is not already coded was the app failing to talk to the server. */
export function toLatchkeyError(err: unknown): LatchkeyError {
  if (err instanceof LatchkeyError) return err;
  return new LatchkeyError('SERVER_UNREACHABLE', (err as Error)?.message ?? String(err), {}, { cause: err });
}

export function failureView(error: LatchkeyError, at: Date, tried: FailureView['tried'] = null): FailureView {
  const info = describeFailure(error.code);
  const { reference, group } = error.evidence;
  return {
    code: error.code,
    message: info.userMessage,
    askIt: remedyFor(error.code, { group: typeof group === 'string' ? group : null }),
    reference: typeof reference === 'string' ? reference : null,
    detail: error.message,
    at: at.toISOString(),
    tried,
  };
}
