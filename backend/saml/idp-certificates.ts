// The account's configured IdP signing certificates, parsed once per
// configuration (not per response) into what a signature check needs: the
// public key, the DER for matching a signature's KeyInfo, expiry, fingerprint.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { toPem } from './certificates.ts';

export interface IdpCertificate {
  fingerprintSha256: string;
  /** The subject's name, one line (`CN=…, O=…`). */
  subject: string;
  notAfter: Date;
  publicKey: KeyObject;
  /** Base64 DER without whitespace, as an X509Certificate element carries it. */
  der: string;
}

const cache = new Map<string, IdpCertificate[]>();
const cacheLimit = 500;

function parse(certificatesJson: string): IdpCertificate[] {
  return (JSON.parse(certificatesJson) as string[]).flatMap((raw) => {
    const pem = toPem(raw);
    if (!pem) return [];
    try {
      const x509 = new X509Certificate(pem);
      return [
        {
          fingerprintSha256: x509.fingerprint256,
          subject: x509.subject.split('\n').join(', '),
          notAfter: new Date(x509.validTo),
          publicKey: x509.publicKey,
          der: x509.raw.toString('base64'),
        },
      ];
    } catch {
      return [];
    }
  });
}

/** Expired certificates are included: whether the one that verified has expired is judged by the caller. */
export function idpCertificatesOf(certificatesJson: string): IdpCertificate[] {
  const cached = cache.get(certificatesJson);
  if (cached) return cached;
  const parsed = parse(certificatesJson);
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value ?? '');
  cache.set(certificatesJson, parsed);
  return parsed;
}
