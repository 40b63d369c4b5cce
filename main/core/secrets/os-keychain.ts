// The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service
// on Linux) through @napi-rs/keyring, the maintained keytar-compatible binding
// whose binaries ship inside npm packages.
import { Entry } from '@napi-rs/keyring';
import { KeychainUnavailable, type SecretStore } from './secret-store.ts';

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

/** For `latchkey doctor`: writes, reads back and removes a probe entry. */
export async function probeKeychain(
  store: SecretStore = osKeychain,
): Promise<{ usable: true } | { usable: false; reason: string }> {
  const service = 'latchkey-doctor';
  const account = `probe-${process.pid}`;
  try {
    await store.setPassword(service, account, 'probe');
    const back = await store.getPassword(service, account);
    await store.deletePassword(service, account);
    return back === 'probe'
      ? { usable: true }
      : { usable: false, reason: 'the keychain did not return what was stored' };
  } catch (err) {
    return { usable: false, reason: (err as Error).message };
  }
}
