// A refresh token bound to a device key (RFC 9449 §5: oidc-provider binds a
// public client's refresh token to the key of the proof it was issued with)
// presented without a proof of that key: oidc-provider answers invalid_grant
// ("failed jkt verification") and keeps the token for its device. Here, after
// it, that refusal is written to the activation log as TOKEN_WITHOUT_DEVICE_KEY
// ("token used without its device key") and the app is told the code, as
// refused-refresh.ts does for a revoked token.
import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose';
import type { default as Provider } from 'oidc-provider';
import { formatFailureDescription } from '../../common/failure-reference.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { refuse } from '../access/refuse.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

type Middleware = Parameters<Provider['use']>[0];

/** The key a proof names (already verified by oidc-provider where it mattered), or null. */
async function thumbprintOf(proof: string | undefined): Promise<string | null> {
  if (!proof) return null;
  try {
    const { jwk } = decodeProtectedHeader(proof);
    return jwk ? await calculateJwkThumbprint(jwk) : null;
  } catch {
    return null;
  }
}

export function unboundRefreshes(db: Db, clock: Clock): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 400) return;
    const body = ctx.body as { error?: unknown } | undefined;
    const params = ctx.oidc.params as Record<string, unknown> | undefined;
    const presented = params?.refresh_token;
    if (body?.error !== 'invalid_grant' || params?.grant_type !== 'refresh_token') return;
    if (typeof presented !== 'string' || presented === '') return;
    const token = await ctx.oidc.provider.RefreshToken.find(presented, { ignoreExpiration: true });
    if (!token?.jkt || token.jkt === (await thumbprintOf(ctx.get('DPoP') || undefined))) return;
    const user = await db
      .selectFrom('account_users')
      .select(['account_id', 'email'])
      .where('id', '=', token.accountId)
      .executeTakeFirst();
    const refusal = await refuse(
      db,
      clock,
      new LatchkeyError('TOKEN_WITHOUT_DEVICE_KEY', 'token used without its device key', {
        token: 'refresh',
        ip: ctx.ip,
      }),
      { stage: 'check-in', accountId: user?.account_id ?? null, email: user?.email ?? null },
    );
    ctx.body = { ...body, error_description: formatFailureDescription(refusal.code, refusal.reference) };
  };
}
