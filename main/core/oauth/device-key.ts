// The device's key for DPoP (RFC 9449): an ES256 key pair made on this
// device at sign-in; the service binds the app's tokens to it. Its private
// half is kept in the OS keychain with the refresh token (licensing/
// credentials.ts), never in the data folder: a copied license file or refresh
// token is worth nothing without it.
import * as oauth from 'openid-client';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A new key pair; the private half exportable once, to go into the keychain. */
export function newDeviceKey(): Promise<CryptoKeyPair> {
  return oauth.randomDPoPKeyPair('ES256', { extractable: true });
}

/** The private JWK as the keychain keeps it. */
export async function exportDeviceKey(keyPair: CryptoKeyPair): Promise<string> {
  const jwk = await crypto.subtle.exportKey('jwk', keyPair.privateKey);
  return JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d });
}

/** The key pair back from the keychain; the private half no longer exportable. */
export async function importDeviceKey(stored: string): Promise<CryptoKeyPair> {
  const jwk = JSON.parse(stored) as JsonWebKey;
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: await crypto.subtle.importKey('jwk', jwk, algorithm, false, ['sign']),
    publicKey: await crypto.subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']),
  };
}
