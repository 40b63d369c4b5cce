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
