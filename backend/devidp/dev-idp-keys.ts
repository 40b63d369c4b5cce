// The dev IdP's own signing key and self-signed certificate (QA and demo only).
import { createSelfSignedKeys, type KeyPair } from '../crypto/self-signed.ts';

export type DevIdpKeys = KeyPair;

export const createDevIdpKeys = (commonName = 'Latchkey dev IdP'): Promise<DevIdpKeys> =>
  createSelfSignedKeys(commonName);
