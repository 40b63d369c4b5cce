// The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service
// on Linux) through @napi-rs/keyring, the maintained keytar-compatible binding
// whose binaries ship inside npm packages.
import { Entry } from '@napi-rs/keyring';
import { KeychainUnavailable, probeSecretStore, type SecretStore } from './secret-store.ts';

function unavailable(action: string, err: unknown): KeychainUnavailable {
  return new KeychainUnavailable(`the OS keychain could not ${action}: ${(err as Error).message}`, {
    cause: err,
  });
}

export const osKeychain: SecretStore = {
  async getPassword(service, account) {
    try {
      return new Entry(service, account).getPassword() ?? null;
    } catch (err) {
      throw unavailable('be read', err);
    }
  },
  async setPassword(service, account, password) {
    try {
      new Entry(service, account).setPassword(password);
    } catch (err) {
      throw unavailable('store the secret', err);
    }
  },
  async deletePassword(service, account) {
    try {
      return new Entry(service, account).deletePassword();
    } catch (err) {
      throw unavailable('delete the secret', err);
    }
  },
};

/** For `latchkey doctor` and before activation: is the OS keychain really usable? */
export const probeKeychain = (store: SecretStore = osKeychain) => probeSecretStore(store);
