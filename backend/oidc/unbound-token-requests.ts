// A token request without a proof of the device key, refused by oidc-provider
// with invalid_grant: a refresh token bound to a device key (RFC 9449 §5:
// oidc-provider binds a public client's refresh token to the key of the proof
// it was issued with) presented without that key ("failed jkt verification";
// the token stays with its device), or an authorization code exchanged with no
// proof at all (the desktop client's tokens are always bound: §5.2
// dpop_bound_access_tokens, provider.ts). Here, after it, that refusal is
// written to the activation log as TOKEN_WITHOUT_DEVICE_KEY ("token used
// without its device key") and the app is told the code, as refused-refresh.ts
// does for a revoked token.
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

/** The user whose refresh token or code came without its key's proof; null where it is not that refusal. */
async function unboundUser(
  ctx: Parameters<Middleware>[0],
  params: Record<string, unknown> | undefined,
): Promise<string | null> {
  const proof = ctx.get('DPoP') || undefined;
  const { provider } = ctx.oidc;
  if (params?.grant_type === 'refresh_token' && typeof params.refresh_token === 'string') {
    if (params.refresh_token === '') return null;
    const token = await provider.RefreshToken.find(params.refresh_token, { ignoreExpiration: true });
    return token?.jkt && token.jkt !== (await thumbprintOf(proof)) ? (token.accountId ?? null) : null;
  }
  if (params?.grant_type === 'authorization_code' && typeof params.code === 'string' && !proof) {
    if (params.code === '') return null;
    const code = await provider.AuthorizationCode.find(params.code, { ignoreExpiration: true });
    return code?.accountId ?? null;
  }
  return null;
}

export function unboundTokenRequests(db: Db, clock: Clock): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 400) return;
    const body = ctx.body as { error?: unknown } | undefined;
    if (body?.error !== 'invalid_grant') return;
    const userId = await unboundUser(ctx, ctx.oidc.params as Record<string, unknown> | undefined);
    if (userId === null) return;
    // Named `presented`: evidence under a key named like a token is redacted from the log.
    const presented =
      ctx.oidc.params?.grant_type === 'refresh_token' ? 'refresh token' : 'authorization code';
    const user = await db
      .selectFrom('account_users')
      .select(['account_id', 'email'])
      .where('id', '=', userId)
      .executeTakeFirst();
    const refusal = await refuse(
      db,
      clock,
      new LatchkeyError('TOKEN_WITHOUT_DEVICE_KEY', 'token used without its device key', {
        presented,
        ip: ctx.ip,
      }),
      { stage: 'check-in', accountId: user?.account_id ?? null, email: user?.email ?? null },
    );
    ctx.body = { ...body, error_description: formatFailureDescription(refusal.code, refusal.reference) };
  };
}
