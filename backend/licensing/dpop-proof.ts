// The licensing API is the resource server of the app's DPoP-bound access
// tokens (RFC 9449 §7). A token bound to a key (`cnf.jkt`) is accepted only
// with a proof signed by that key, made for this request's method and URL,
// recent, naming this token (`ath`), and never seen before on any node
// (oidc/dpop-replay.ts). oidc-provider checks proofs at its own endpoints
// only; this is the same check for ours, with jose as oidc-provider does it.
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWTPayload } from 'jose';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { firstUseOfProof } from '../oidc/port.ts';

/** How far a proof's iat may be from our clock, either way (oidc-provider's window too). */
export const proofWindowSeconds = 300;

export interface ProofRequest {
  /** The DPoP header as received (absent, or repeated, is no proof). */
  proof: string | string[] | undefined;
  method: string;
  /** The request's URL as the client addressed it (the public URL), without query or fragment. */
  url: string;
  accessToken: string;
  /** The thumbprint the token is bound to. */
  jkt: string;
  /** For the activation log: whose token it was. */
  accountId: string;
  email: string | null;
  /** Where the request came from: a copied token shows up from another address (activation log). */
  ip: string;
}

/** A proof that does not hold; `check` says which step (evidence for the activation log). */
const refused = (check: string, request: ProofRequest) =>
  new LatchkeyError('DPOP_PROOF_REFUSED', `the DPoP proof was refused: ${check}`, {
    check,
    accountId: request.accountId,
    email: request.email,
    ip: request.ip,
  });

export async function checkBoundTokenProof(db: Db, clock: Clock, request: ProofRequest): Promise<void> {
  // §4.3 check 1: exactly one DPoP header.
  if (Array.isArray(request.proof)) throw refused('one DPoP header', request);
  const proof = request.proof;
  // No proof, or one by another key: the token left its device (or the device lost its key).
  const withoutKey = () =>
    new LatchkeyError('TOKEN_WITHOUT_DEVICE_KEY', 'token used without its device key', {
      presented: 'access token',
      accountId: request.accountId,
      email: request.email,
      ip: request.ip,
    });
  if (!proof) throw withoutKey();
  let payload: JWTPayload;
  let thumbprint: string;
  try {
    const verified = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
    payload = verified.payload;
    thumbprint = await calculateJwkThumbprint(verified.protectedHeader.jwk ?? {});
  } catch {
    throw refused('signature', request);
  }
  if (thumbprint !== request.jkt) throw withoutKey();
  if (payload.htm !== request.method) throw refused('htm', request);
  const expected = htuOf(request.url);
  if (typeof payload.htu !== 'string' || !expected || htuOf(payload.htu) !== expected)
    throw refused('htu', request);
  // RFC 9449 §4.3 check 11: the proof names this access token.
  const ath = createHash('sha256').update(request.accessToken).digest('base64url');
  if (payload.ath !== ath) throw refused('ath', request);
  const now = Math.floor(clock.now().getTime() / 1000);
  if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > proofWindowSeconds)
    throw refused('iat', request);
  if (typeof payload.jti !== 'string' || payload.jti.length < 16 || payload.jti.length > 256)
    throw refused('jti', request);
  // §11.1: kept until the proof could no longer be accepted anyway (iat + window).
  const until = new Date((payload.iat + proofWindowSeconds) * 1000);
  if (!(await firstUseOfProof(db, `api:${thumbprint}`, payload.jti, until))) throw refused('replay', request);
}

/** §4.3 check 9: compared without query and fragment. */
function htuOf(htu: string): string | undefined {
  const url = URL.parse(htu);
  if (!url) return undefined;
  url.search = '';
  url.hash = '';
  return url.href;
}
