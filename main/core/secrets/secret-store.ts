// Where the app keeps its secrets (the refresh token): a keytar-compatible
// port, so the OS keychain can be swapped in tests or on other platforms.
export interface SecretStore {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** No keychain to use: the app says so (KEYCHAIN_UNAVAILABLE) and never falls back to a plain file. */
export class KeychainUnavailable extends Error {
  override name = 'KeychainUnavailable';
}

/** Writes, reads back and removes a probe entry: a write that seemed to work is not proof (see README). */
export async function probeSecretStore(
  store: SecretStore,
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
