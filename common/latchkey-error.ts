// An activation failure we decided, with its catalog code. `detail` is for
// the log and the admin; the user sees the catalog's message for the code.
import type { FailureCode } from './failure-codes.ts';

export class LatchkeyError extends Error {
  override name = 'LatchkeyError';
  readonly code: FailureCode;
  /** Decoded facts that led to the decision (no secrets), for the activation log. */
  readonly evidence: Record<string, unknown>;

  constructor(
    code: FailureCode,
    detail: string,
    evidence: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.code = code;
    this.evidence = evidence;
  }
}
