// Who is calling the licensing API: a desktop access token from the
// authorization server, or a key activation's own secret (which may act on
// that one activation only). An access token that deprovisioning deleted is
// refused with its reason (ACTIVATION_REVOKED, logged by the route); anything
// else is a 401.
import type { FastifyRequest } from 'fastify';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { ApiError } from '../http/api-error.ts';
import {
  desktopClientId,
  oidcProvider,
  presentedAccessToken,
  revokedTokenFor,
  type PresentedAccessToken,
} from '../oidc/port.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { activationForSecret, activationSecretPrefix } from './key-activation.ts';
import { checkBoundTokenProof } from './dpop-proof.ts';

export interface Caller {
  userId: string;
  accountId: string;
  email: string | null;
  /** Set for a key activation's secret: it may act on this activation only. */
  onlyActivation?: string;
  /** The access token's grant: its sign-in's decided claim travels with it (access/sign-in-grant.ts). */
  grantId?: string | null;
}

export async function callerOf(deps: ServiceDeps, request: FastifyRequest): Promise<Caller> {
  // RFC 9449 §7.1: a DPoP-bound token comes as "DPoP <token>"; a plain one as "Bearer <token>".
  const presented = /^(Bearer|DPoP)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  const token = presented?.[2];
  const invalid = () =>
    new ApiError(401, 'invalid_token', 'a valid access token from the Latchkey sign-in is required');
  if (!token) throw invalid();
  if (token.startsWith(activationSecretPrefix)) {
    const owner = await activationForSecret(deps.database.db, token);
    if (!owner) throw invalid();
    return {
      userId: owner.userId,
      accountId: owner.accountId,
      email: null,
      onlyActivation: owner.activationId,
    };
  }
  const found = await accessTokenCaller(deps, token);
  if (!found || found.clientId !== desktopClientId) throw invalid();
  // A token bound to the device's key (RFC 9449) is worth nothing without a proof of that key.
  if (found.jkt)
    await checkBoundTokenProof(deps.database.db, deps.clock, {
      proof: request.headers.dpop,
      method: request.method,
      url: `${deps.config.publicUrl}${request.url.split('?')[0] ?? ''}`,
      accessToken: token,
      jkt: found.jkt,
      accountId: found.accountId,
      email: found.email,
      ip: request.ip,
    });
  return { userId: found.userId, accountId: found.accountId, email: found.email, grantId: found.grantId };
}

/**
 * The access token's caller: one read of the token's row with its user (oidc/access-token-lookup.ts);
 * oidc-provider's own find only for a row without the lookup columns (written before migration 0044,
 * or a token that ends with its session). Undefined for any token that is not good now.
 */
async function accessTokenCaller(
  deps: ServiceDeps,
  token: string,
): Promise<PresentedAccessToken | undefined> {
  const found = await presentedAccessToken(deps.database.db, deps.clock, token);
  if (found === 'absent') await refuseRevokedToken(deps, token);
  if (found !== 'unindexed') return typeof found === 'string' ? undefined : found;
  const provider = await oidcProvider(deps);
  const accessToken = await provider.AccessToken.find(token);
  if (!accessToken || accessToken.isExpired || !accessToken.clientId || !accessToken.accountId)
    return undefined;
  const user = await deps.database.db
    .selectFrom('account_users')
    .select(['id', 'account_id', 'email'])
    .where('id', '=', accessToken.accountId)
    .executeTakeFirst();
  if (!user) return undefined;
  return {
    userId: user.id,
    accountId: user.account_id,
    email: user.email,
    clientId: accessToken.clientId,
    jkt: accessToken.jkt ?? null,
    grantId: accessToken.grantId ?? null,
  };
}

/** A token deprovisioning deleted is a refused attempt with its reason, not an anonymous 401. */
async function refuseRevokedToken(deps: ServiceDeps, token: string): Promise<void> {
  const revoked = await revokedTokenFor(deps.database.db, deps.clock, 'AccessToken', token);
  if (revoked)
    throw new LatchkeyError('ACTIVATION_REVOKED', 'the sign-in was withdrawn by deprovisioning', {
      accountId: revoked.accountId,
      email: revoked.email,
      reason: revoked.reason,
    });
}
