// The licensing API is the resource server of the app's DPoP-bound access
// tokens (RFC 9449 §7). A token bound to a key (`cnf.jkt`) is accepted only
// with a proof signed by that key, made for this request's method and URL,
// recent, naming this token (`ath`), and never seen before on any node
// (oidc/dpop-replay.ts). oidc-provider checks proofs at its own endpoints
// only; this is the same check for ours (the JWS itself: dpop-jws.ts).
import { createHash } from 'node:crypto';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { firstUseOfProof } from '../oidc/port.ts';
import { verifyProofJws } from './dpop-jws.ts';

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

const withoutKey = (request: ProofRequest) =>
  new LatchkeyError('TOKEN_WITHOUT_DEVICE_KEY', 'token used without its device key', {
    presented: 'access token',
    accountId: request.accountId,
    email: request.email,
    ip: request.ip,
  });

export async function checkBoundTokenProof(db: Db, clock: Clock, request: ProofRequest): Promise<void> {
  const checked = checkedProof(clock, request);
  if (!(await firstUseOfProof(db, checked.replayScope, checked.jti, checked.until)))
    throw refused('replay', request);
}

/** A proof that passed every check but the replay check (the caller's database write). */
export interface CheckedProof {
  /** Where its jti is remembered (oidc/dpop-replay.ts): per key, apart from the token endpoint's. */
  replayScope: string;
  jti: string;
  /** §11.1: kept until the proof could no longer be accepted anyway (iat + window + 1 s). */
  until: Date;
}

/** RFC 9449 §4.3 checks 1-12 and §7.1's key match, in this order; throws the refusal of the first that fails. */
export function checkedProof(clock: Clock, request: ProofRequest): CheckedProof {
  // §4.3 check 1: exactly one DPoP header.
  if (Array.isArray(request.proof)) throw refused('one DPoP header', request);
  // No proof, or one by another key: the token left its device (or the device lost its key).
  if (!request.proof) throw withoutKey(request);
  const proof = provenClaims(clock, request.proof, request);
  if (proof.thumbprint === undefined) throw refused('signature', request);
  if (proof.thumbprint !== request.jkt) throw withoutKey(request);
  if (!proof.ok) throw refused(proof.failed, request);
  return proof.checked;
}

/** What a proof proves without its token's row: no key (bad signature), or the key and the first failed claim or the proof. */
export type ProvenClaims =
  | { ok: false; thumbprint: undefined; failed: 'signature' }
  | { ok: false; thumbprint: string; failed: string }
  | { ok: true; thumbprint: string; checked: CheckedProof };

/**
 * Checks 2-12 without the token's key: the key that signed (its thumbprint) and the first claim
 * that fails, if any. No database, no token row: the PostgreSQL check-in runs it before its one
 * statement (token-check-in.ts), which writes the jti only for a token bound to this thumbprint.
 */
export function provenClaims(
  clock: Clock,
  proof: string,
  request: Pick<ProofRequest, 'method' | 'url' | 'accessToken'>,
): ProvenClaims {
  const verified = verifyProofJws(proof);
  if (!verified) return { ok: false, thumbprint: undefined, failed: 'signature' };
  const { thumbprint, payload } = verified;
  const failed = (check: string) => ({ ok: false as const, thumbprint, failed: check });
  if (payload.htm !== request.method) return failed('htm');
  const expected = htuOf(request.url);
  if (typeof payload.htu !== 'string' || !expected || htuOf(payload.htu) !== expected) return failed('htu');
  // RFC 9449 §4.3 check 11: the proof names this access token.
  const ath = createHash('sha256').update(request.accessToken).digest('base64url');
  if (payload.ath !== ath) return failed('ath');
  const now = Math.floor(clock.now().getTime() / 1000);
  if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > proofWindowSeconds)
    return failed('iat');
  if (typeof payload.jti !== 'string' || payload.jti.length < 16 || payload.jti.length > 256)
    return failed('jti');
  // Accepted while the whole seconds since iat are ≤ the window, i.e. until iat + window + 1 s:
  // remembered that long, so the sweep (expires_at <= now) cannot forget a proof still accepted.
  const until = new Date((payload.iat + proofWindowSeconds + 1) * 1000);
  return { ok: true, thumbprint, checked: { replayScope: `api:${thumbprint}`, jti: payload.jti, until } };
}

/** §4.3 check 9: compared without query and fragment. */
function htuOf(htu: string): string | undefined {
  const url = URL.parse(htu);
  if (!url) return undefined;
  url.search = '';
  url.hash = '';
  return url.href;
}
