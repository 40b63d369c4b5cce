// An RSA key pair with a self-signed certificate: what SAML entities exchange
// in metadata (SP signing/encryption keys, the dev IdP's key).
import { createPublicKey } from 'node:crypto';
import selfsigned from 'selfsigned';

export interface KeyPair {
  privateKey: string;
  certificate: string;
}

export async function createSelfSignedKeys(commonName: string, days = 825): Promise<KeyPair> {
  const pems = await Promise.resolve(
    selfsigned.generate([{ name: 'commonName', value: commonName }], {
      notAfterDate: new Date(Date.now() + days * 86400_000),
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
    }),
  );
  return { privateKey: pems.private, certificate: pems.cert };
}

/** A self-signed certificate for an existing private key, valid for the given window. */
export async function certificateFor(
  privateKeyPem: string,
  commonName: string,
  validity: { notBefore: Date; notAfter: Date },
): Promise<string> {
  const publicKey = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  const pems = await Promise.resolve(
    selfsigned.generate([{ name: 'commonName', value: commonName }], {
      keyPair: { privateKey: privateKeyPem, publicKey },
      notBeforeDate: validity.notBefore,
      notAfterDate: validity.notAfter,
      algorithm: 'sha256',
    }),
  );
  return pems.cert;
}
