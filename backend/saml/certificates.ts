// IdP signing certificates as admins paste them: PEM, or bare base64 with any
// whitespace. Parsed with node:crypto's X509Certificate; expired ones refused.
import { X509Certificate } from 'node:crypto';

export interface CertificateInfo {
  pem: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
}

export type CertificateCheck = { ok: true; cert: CertificateInfo } | { ok: false; reason: string };

const pemBlock = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;

export function toPem(input: string): string | undefined {
  const inner = pemBlock.exec(input)?.[1] ?? input;
  const base64 = inner.replace(/\s+/g, '');
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function checkCertificate(input: string, now: Date): CertificateCheck {
  const pem = toPem(input);
  if (!pem) return { ok: false, reason: 'is not a PEM certificate or base64 DER' };
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pem);
  } catch {
    return { ok: false, reason: 'does not parse as an X.509 certificate' };
  }
  const cert: CertificateInfo = {
    pem,
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
    fingerprintSha256: x509.fingerprint256,
  };
  if (new Date(x509.validTo).getTime() <= now.getTime()) {
    return { ok: false, reason: `expired on ${cert.notAfter} (${cert.subject})` };
  }
  return { ok: true, cert };
}
