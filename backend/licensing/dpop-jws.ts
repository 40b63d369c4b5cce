// A DPoP proof's JWS (RFC 7515 compact form, RFC 9449 §4.2-4.3 checks 2-7):
// three segments, a header with typ dpop+jwt, alg ES256 (the one algorithm
// the app and this service use) and the public JWK, and an ES256 signature by
// that key over the first two segments. Verified with node:crypto and a key
// imported once per key (dpop-proof-keys.ts): jose's jwtVerify with
// EmbeddedJWK imported the JWK on every request and went through WebCrypto,
// about three times the cost of the verification itself (issue 27 item 2).
import { verify } from 'node:crypto';
import { proofKeyFor } from './dpop-proof-keys.ts';

export interface VerifiedProof {
  /** RFC 7638 thumbprint of the key that signed it. */
  thumbprint: string;
  payload: Record<string, unknown>;
}

const segment = /^[A-Za-z0-9_-]+$/;

/** A segment's JSON object; undefined for anything else. */
const parseObject = (encoded: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/** RFC 7515 §4.1.9: typ is a media type, compared without case and "application/". */
const isDpopType = (typ: unknown) =>
  typeof typ === 'string' && typ.toLowerCase().replace(/^application\//, '') === 'dpop+jwt';

/** The proof's payload and its key's thumbprint; undefined when any check 2-7 fails. */
export function verifyProofJws(proof: string): VerifiedProof | undefined {
  const parts = proof.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  if (!segment.test(header) || !segment.test(payload) || !segment.test(signature)) return undefined;
  const key = proofKeyFor(header, () => checkedHeaderJwk(header));
  if (!key) return undefined;
  // ES256 (RFC 7518 §3.4): R and S, 32 bytes each, over "header.payload".
  const sig = Buffer.from(signature, 'base64url');
  if (sig.length !== 64) return undefined;
  const signed = Buffer.from(`${header}.${payload}`, 'ascii');
  if (!verify('sha256', signed, { key: key.key, dsaEncoding: 'ieee-p1363' }, sig)) return undefined;
  const claims = parseObject(payload);
  return claims && { thumbprint: key.thumbprint, payload: claims };
}

/** The header's JWK when the header is a DPoP proof's: typ, alg ES256 only, nothing critical. */
function checkedHeaderJwk(encoded: string): Record<string, unknown> | undefined {
  const header = parseObject(encoded);
  if (!header || !isDpopType(header.typ) || header.alg !== 'ES256') return undefined;
  // RFC 7515 §4.1.11: no extension is understood here, so none may be critical.
  if ('crit' in header) return undefined;
  const jwk = header.jwk;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return undefined;
  return jwk as Record<string, unknown>;
}
