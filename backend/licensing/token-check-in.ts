// The app's check-in on PostgreSQL, in one round trip (issue 27 item 2): its
// DPoP-bound access token (RFC 9449 §7.1, "Authorization: DPoP …") and the
// proof's jti, and the check-in's read and renewal, as one statement
// (check-in-statement.ts renewByToken) — before, the token's read, the jti's
// insert and the check-in were three. The proof is checked first, in memory
// (dpop-proof.ts provenClaims: signature, htm, htu, ath, iat, jti); the
// statement then writes the jti only for a live token of the desktop client
// bound to the key that signed. Anything else — SQLite, a secret or a plain
// Bearer token, no proof or a bad one, a token not found for that key, a
// replayed jti — goes the usual way (api-caller.ts), which writes nothing this
// path wrote and whose answers (401 with its code, the activation log) stay
// the only ones.
import type { FastifyRequest } from 'fastify';
import { oidcRowKey } from '../db/oidc-model-keys.ts';
import { desktopClientId, proofRowId } from '../oidc/port.ts';
import type { LicensingContext } from './activations.ts';
import { checkInTimes } from './check-in.ts';
import type { CheckInParams } from './check-in-route-schema.ts';
import { readAndRenewByToken, renewsInOneStatement, type TokenCheckIn } from './check-in-statement.ts';
import { provenClaims } from './dpop-proof.ts';
import { activationSecretPrefix } from './key-activation.ts';

export async function tokenCheckInInOneStatement(
  ctx: LicensingContext,
  request: FastifyRequest<{ Params: CheckInParams }>,
): Promise<TokenCheckIn | undefined> {
  const { db } = ctx;
  if (!renewsInOneStatement(db)) return undefined;
  const token = /^DPoP\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const proof = request.headers.dpop;
  if (!token || token.startsWith(activationSecretPrefix) || typeof proof !== 'string') return undefined;
  // As api-caller.ts checks it: this request's method and public URL.
  const url = `${ctx.publicUrl}${request.url.split('?')[0] ?? ''}`;
  const claims = provenClaims(ctx.clock, proof, { method: request.method, url, accessToken: token });
  if (!claims.ok) return undefined;
  const { checked, thumbprint } = claims;
  return readAndRenewByToken(db, {
    // The route's schema checked the path's id (check-in-route-schema.ts).
    id: request.params.id,
    tokenKey: oidcRowKey('AccessToken', token),
    clientId: desktopClientId,
    jkt: thumbprint,
    proofId: proofRowId(checked.replayScope, checked.jti),
    proofUntil: checked.until.toISOString(),
    ...checkInTimes(ctx),
  });
}
