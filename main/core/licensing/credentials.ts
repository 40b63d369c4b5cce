// The credential that renews a license — the SSO refresh token or the key
// activation's secret — kept only in the OS keychain, one entry per activation;
// beside it the activation's DPoP device key (RFC 9449).
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { KeychainUnavailable, type SecretStore } from '../secrets/secret-store.ts';

export const keychainService = 'Latchkey';
const accountFor = (activationId: string) => `activation:${activationId}`;
/** The activation's DPoP key (oauth/device-key.ts), beside its refresh token. */
export const deviceKeyAccountFor = (activationId: string) => `device-key:${activationId}`;

export class Credentials {
  private readonly store: SecretStore;

  constructor(store: SecretStore) {
    this.store = store;
  }

  save(activationId: string, secret: string): Promise<void> {
    return coded(() => this.store.setPassword(keychainService, accountFor(activationId), secret));
  }

  async load(activationId: string): Promise<string> {
    const secret = await coded(() => this.store.getPassword(keychainService, accountFor(activationId)));
    if (!secret)
      throw new LatchkeyError('KEYCHAIN_UNAVAILABLE', 'the keychain holds no credential for this activation');
    return secret;
  }

  async forget(activationId: string): Promise<void> {
    await coded(() => this.store.deletePassword(keychainService, accountFor(activationId)));
    await coded(() => this.store.deletePassword(keychainService, deviceKeyAccountFor(activationId)));
  }

  saveDeviceKey(activationId: string, privateJwk: string): Promise<void> {
    return coded(() =>
      this.store.setPassword(keychainService, deviceKeyAccountFor(activationId), privateJwk),
    );
  }

  /** null: this activation has no key (made before DPoP), or the keychain lost it (a reset). */
  loadDeviceKey(activationId: string): Promise<string | null> {
    return coded(() => this.store.getPassword(keychainService, deviceKeyAccountFor(activationId)));
  }
}

async function coded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof KeychainUnavailable) throw new LatchkeyError('KEYCHAIN_UNAVAILABLE', err.message);
    throw err;
  }
}
