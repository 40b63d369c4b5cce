// A compact JWS (RFC 7515 §7.1) with EdDSA over Ed25519 (RFC 8037 §3.1),
// signed on the calling thread. jose signs through WebCrypto, and Node runs a
// WebCrypto Ed25519 signature as a job on libuv's 4-thread pool — the pool
// scrypt, DNS and file I/O queue on — so a flood of password hashes made every
// check-in wait (issue 10 item 5). node:crypto's one-shot sign() with an
// Ed25519 KeyObject is synchronous and takes ~50 µs. Verification stays with
// jose (the app and the tests verify these tokens with jwtVerify).
import { sign, type KeyObject } from 'node:crypto';

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signCompactEdDsa(
  header: { kid: string; typ: string },
  payload: Record<string, unknown>,
  privateKey: KeyObject,
): string {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519')
    throw new TypeError('an Ed25519 private key is required to sign EdDSA');
  const signingInput = `${encode({ alg: 'EdDSA', ...header })}.${encode(payload)}`;
  // Ed25519 takes no digest: the algorithm argument is null (RFC 8032 §5.1.6).
  const signature = sign(null, Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}
