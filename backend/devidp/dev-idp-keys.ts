// The dev IdP's own signing key and self-signed certificate (QA and demo only).
import selfsigned from 'selfsigned';

export interface DevIdpKeys {
  privateKey: string;
  certificate: string;
}

export async function createDevIdpKeys(commonName = 'Latchkey dev IdP'): Promise<DevIdpKeys> {
  const pems = await Promise.resolve(
    selfsigned.generate([{ name: 'commonName', value: commonName }], {
      notAfterDate: new Date(Date.now() + 825 * 86400_000),
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
    }),
  );
  return { privateKey: pems.private, certificate: pems.cert };
}
