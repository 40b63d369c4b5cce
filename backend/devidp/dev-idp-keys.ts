// The dev IdP's own signing key and self-signed certificate (QA and demo only).
import { certificateFor, createSelfSignedKeys, type KeyPair } from '../crypto/self-signed.ts';

export type DevIdpKeys = KeyPair;

export const createDevIdpKeys = (commonName = 'Latchkey dev IdP'): Promise<DevIdpKeys> =>
  createSelfSignedKeys(commonName);

/**
 * The same key in a certificate that expired in 2021: an IdP whose certificate nobody rolled
 * over. Configured in step 4 and used with the "expired-cert" fault, it reproduces SAML_CERT_EXPIRED.
 */
export const expiredDevIdpKeys = async (keys: DevIdpKeys): Promise<DevIdpKeys> => ({
  privateKey: keys.privateKey,
  certificate: await certificateFor(keys.privateKey, 'Latchkey dev IdP (expired)', {
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2021-01-01T00:00:00Z'),
  }),
});
