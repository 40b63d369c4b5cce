// A compact JWS (RFC 7515 §7.1) with EdDSA over Ed25519 (RFC 8037 §3.1),
// signed on the calling thread. jose signs through WebCrypto, and Node runs a
// WebCrypto Ed25519 signature as a job on libuv's 4-thread pool — the pool
// scrypt, DNS and file I/O queue on — so a flood of password hashes made every
// check-in wait (issue 10 item 5). node:crypto's one-shot sign() with an
// Ed25519 KeyObject is synchronous and takes ~50 µs. Verification stays with
// jose (the app and the tests verify these tokens with jwtVerify).
import { sign, type KeyObject } from 'node:crypto';

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

// The encoded protected header per signing key and type: the same for every license one key signs
// (a few keys in a service's life; bounded all the same).
const encodedHeaders = new Map<string, string>();

function encodedHeader(kid: string, typ: string): string {
  const cacheKey = `${typ}\u0000${kid}`;
  let encoded = encodedHeaders.get(cacheKey);
  if (encoded === undefined) {
    encoded = encode({ alg: 'EdDSA', kid, typ });
    if (encodedHeaders.size >= 32) encodedHeaders.clear();
    encodedHeaders.set(cacheKey, encoded);
  }
  return encoded;
}

export function signCompactEdDsa(
  header: { kid: string; typ: string },
  payload: object,
  privateKey: KeyObject,
): string {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519')
    throw new TypeError('an Ed25519 private key is required to sign EdDSA');
  const signingInput = `${encodedHeader(header.kid, header.typ)}.${encode(payload)}`;
  // Ed25519 takes no digest: the algorithm argument is null (RFC 8032 §5.1.6).
  const signature = sign(null, Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}
