// The app's check-in starts with a refresh (RFC 6749 §6). Where that refresh
// token was deleted by deprovisioning (revoked-tokens.ts), oidc-provider only
// knows "invalid_grant"; this middleware, after it, refuses the attempt through
// access/refuse.ts — written to the activation log like every attempt — and
// names the code, the reference and the reason in the error_description
// (common/failure-reference.ts), so the app can tell the user why.
import type { default as Provider } from 'oidc-provider';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { formatFailureDescription } from '../../common/failure-reference.ts';
import { refuse } from '../access/refuse.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { revokedTokenFor } from './revoked-tokens.ts';

type Middleware = Parameters<Provider['use']>[0];

interface OAuthErrorBody {
  error?: unknown;
  error_description?: unknown;
}

export function refusedRefreshes(db: Db, clock: Clock): Middleware {
  return async (ctx, next) => {
    await next();
    // Only a refused refresh grant costs more; every other answer passes untouched.
    if (ctx.oidc?.route !== 'token' || ctx.status !== 400) return;
    const body = ctx.body as OAuthErrorBody | undefined;
    const params = ctx.oidc.params as Record<string, unknown> | undefined;
    const presented = params?.refresh_token;
    if (body?.error !== 'invalid_grant' || params?.grant_type !== 'refresh_token') return;
    if (typeof presented !== 'string' || presented === '') return;
    const revoked = await revokedTokenFor(db, clock, 'RefreshToken', presented);
    if (!revoked) return;
    const refusal = await refuse(
      db,
      clock,
      new LatchkeyError('ACTIVATION_REVOKED', 'the sign-in was withdrawn by deprovisioning', {
        reason: revoked.reason,
      }),
      { stage: 'check-in', accountId: revoked.accountId, email: revoked.email },
    );
    ctx.body = {
      ...body,
      error_description: formatFailureDescription(refusal.code, refusal.reference, {
        reason: refusal.reason,
      }),
    };
  };
}
