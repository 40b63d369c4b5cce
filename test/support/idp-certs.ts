// Real IdP signing certificates, taken from the IdP metadata samples in
// ../shared/fixtures/idp-metadata (see its README): valid ones and expired ones.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixturesDir = fileURLToPath(new URL('../../../shared/fixtures/idp-metadata/', import.meta.url));

/** The base64 text of the first X509Certificate in a metadata file, whitespace as published. */
export function certificateFromMetadata(file: string): string {
  const xml = readFileSync(fixturesDir + file, 'utf8');
  const match = /<(?:\w+:)?X509Certificate>([\s\S]*?)<\/(?:\w+:)?X509Certificate>/.exec(xml);
  if (!match?.[1]) throw new Error(`no certificate in ${file}`);
  return match[1];
}

/** Okta trial org cert, valid until 2033-11-16. */
export const validCert = () => certificateFromMetadata('okta-2.xml');
/** Okta preview cert, base64 lines separated by spaces, valid until 2028-09-07. */
export const spacedCert = () => certificateFromMetadata('okta-1.xml');
/** PingOne cert, expired on 2024-11-17. */
export const expiredCert = () => certificateFromMetadata('pingone-1.xml');
