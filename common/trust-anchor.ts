// The root of trust as wire contract (DESIGN.md, "Trust"): the service certifies
// each license signing key with a root-signed statement, and an app build
// carries the root's public key(s) and the service URL in an anchor file.
// `latchkey-server export-anchor` writes the file; the app's build embeds it.

/** `typ` of a key certificate: a compact JWS (EdDSA) by a root key. */
export const keyCertificateType = 'latchkey-key-cert+jwt';

/** What a key certificate states: this signing key may sign licenses from nbf to exp. */
export interface KeyCertificateClaims {
  /** The certified signing key's kid (the license header's kid). */
  sub: string;
  /** The signing key's public JWK (Ed25519, with kid = sub). */
  jwk: { kty: string; crv?: string; x?: string; kid?: string; alg?: string; [name: string]: unknown };
  /** What the key may sign: licenses only. */
  use: 'license';
  iat: number;
  nbf: number;
  exp: number;
}

/** The anchor file an app build embeds (trust-anchor.json). */
export interface TrustAnchorFile {
  version: 1;
  /** The service the build talks to. */
  serviceUrl: string;
  /** Root public keys (Ed25519 JWKs with kid); more than one while a root is rotated. */
  roots: { kty: string; crv?: string; x?: string; kid?: string; [name: string]: unknown }[];
  /** The build lets a managed policy (ServiceURL) name another service; the roots stay these. */
  allowManagedServiceUrl?: boolean;
}

/** Where the licensing API publishes the key certificates, next to /api/v1/jwks. */
export const keyCertificatesPath = '/api/v1/key-certificates';
