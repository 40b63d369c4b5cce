// An RSA key pair with a self-signed certificate: what SAML entities exchange
// in metadata (SP signing/encryption keys, the dev IdP's key).
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
