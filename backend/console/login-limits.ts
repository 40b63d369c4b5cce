// Which counters a console password sign-in is held to, and what the audit
// log says when one of them locks: a browser with a device cookie for this
// email (device-cookie.ts) counts on its cookie alone; any other client on the
// per-address, per-address-and-email and per-email counters. The lockout is
// written to the audit log of the account(s) whose email it was, once, when
// it starts — so an admin sees that the backup login was locked, and why.
import type { FastifyReply } from 'fastify';
import { writeAudit } from '../audit/audit-log.ts';
import { ApiError } from '../http/api-error.ts';
import { deviceLoginLimits, passwordLoginLimits } from '../http/rate-limits.ts';
import { countAttempt, forgetAttempts, type RateLimit } from '../http/rate-limit-store.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { TrustedDevice } from './device-cookie.ts';

export interface LoginAttempt {
  ip: string;
  email: string;
  device: TrustedDevice | undefined;
}

/** In the audit entry: which counter locked, in words. */
const counterNames: Readonly<Record<string, string>> = {
  'login:ip': 'client address',
  'login:ip+email': 'email and client address',
  'login:email': 'email',
  'login:device': 'device cookie',
};

const limitsFor = (deps: ServiceDeps, attempt: LoginAttempt): RateLimit[] =>
  attempt.device
    ? deviceLoginLimits(deps.config.loginAttemptsPer15Min, attempt.device.nonce)
    : passwordLoginLimits(deps.config.loginAttemptsPer15Min, attempt.ip, attempt.email);

/** Counts the attempt before any password hash; the first counter over its limit refuses with 429. */
export async function holdLoginAttempt(
  deps: ServiceDeps,
  reply: FastifyReply,
  attempt: LoginAttempt,
): Promise<void> {
  for (const limit of limitsFor(deps, attempt)) {
    const verdict = await countAttempt(deps.database.db, deps.clock, limit);
    if (verdict.allowed) continue;
    if (verdict.lockStarted) await auditLockout(deps, attempt, limit, verdict.retryAfterSeconds);
    reply.header('retry-after', String(verdict.retryAfterSeconds));
    throw new ApiError(
      429,
      'rate_limited',
      `too many attempts: try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minutes`,
    );
  }
}

/** A good password from a trusted browser clears its cookie's counter (OWASP: failures in a row). */
export async function clearDeviceFailures(deps: ServiceDeps, attempt: LoginAttempt): Promise<void> {
  if (!attempt.device) return;
  for (const limit of limitsFor(deps, attempt)) await forgetAttempts(deps.database.db, deps.clock, limit);
}

async function auditLockout(
  deps: ServiceDeps,
  attempt: LoginAttempt,
  limit: RateLimit,
  retryAfterSeconds: number,
): Promise<void> {
  const { db } = deps.database;
  const users = await db
    .selectFrom('account_users')
    .select(['id', 'account_id'])
    .where('email', '=', attempt.email)
    .where('password_hash', 'is not', null)
    .execute();
  for (const user of users)
    await writeAudit(db, deps.clock, {
      accountId: user.account_id,
      actor: 'system',
      action: 'console.login_locked',
      target: user.id,
      detail: {
        email: attempt.email,
        counter: counterNames[limit.bucket] ?? limit.bucket,
        clientAddress: attempt.ip,
        maxAttempts: limit.max,
        lockedForSeconds: retryAfterSeconds,
        // What still gets in: a browser this user signed in from before (its own counter).
        trustedBrowsersStillAllowed: limit.bucket !== 'login:device',
      },
    });
}
