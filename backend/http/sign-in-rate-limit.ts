// A sign-in step of the app over its per-address limit (issue 26 leftover):
// refused as SIGN_IN_RATE_LIMITED with the wait (Retry-After, RFC 6585 §4), so
// the app tells the user how long to wait instead of a wrong code. Written to
// the activation log once per window — by the request that started the
// lockout, which then carries the reference —: a flood of refused requests
// must not cost a log row each; the later refusals carry the code alone.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { refuse } from '../access/refuse.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { countAttempt, type RateLimit } from './rate-limit-store.ts';

export interface SignInLimitRefusal {
  retryAfterSeconds: number;
  /** The activation log entry, for the request that started the lockout; null for the others. */
  reference: number | null;
}

/** Whose sign-in it was, for the log entry: the account's admin finds it in the console. */
export interface SignInAsker {
  email: string | null;
  accountId: string | null;
}

/** The limit in words for the log entry: "30 per 15 minutes", "60 a minute". */
function limitInWords(limit: RateLimit): string {
  const minutes = Math.round(limit.windowMs / 60_000);
  return minutes === 1 ? `${limit.max} a minute` : `${limit.max} per ${minutes} minutes`;
}

/**
 * Counts the request in each limit; the first over its limit refuses (undefined: within all).
 * `asker` is asked only for the log entry, once per window.
 */
export async function refusedSignInStep(
  deps: ServiceDeps,
  ip: string,
  limits: RateLimit[],
  step: string,
  asker: () => Promise<SignInAsker>,
): Promise<SignInLimitRefusal | undefined> {
  for (const limit of limits) {
    const verdict = await countAttempt(deps.database.db, deps.clock, limit);
    if (verdict.allowed) continue;
    const { retryAfterSeconds } = verdict;
    if (!verdict.lockStarted) return { retryAfterSeconds, reference: null };
    const { email, accountId } = await asker();
    const refusal = await refuse(
      deps.database.db,
      deps.clock,
      new LatchkeyError('SIGN_IN_RATE_LIMITED', `too many ${step} requests from one address`, {
        ip,
        limit: limitInWords(limit),
        retryAfterSeconds,
      }),
      { stage: 'discovery', email, accountId },
    );
    return { retryAfterSeconds, reference: refusal.reference };
  }
  return undefined;
}
