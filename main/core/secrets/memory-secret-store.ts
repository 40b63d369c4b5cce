// A SecretStore in this process's memory, for tests and development runs on a
// machine without a keychain: it forgets everything when the process ends, so
// the app itself never uses it (a credential must survive a restart).
import type { SecretStore } from './secret-store.ts';

export class MemorySecretStore implements SecretStore {
  private readonly entries = new Map<string, string>();

  async getPassword(service: string, account: string): Promise<string | null> {
    return this.entries.get(keyOf(service, account)) ?? null;
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.entries.set(keyOf(service, account), password);
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.entries.delete(keyOf(service, account));
  }

  /** How many entries it holds (tests: nothing left behind). */
  get size(): number {
    return this.entries.size;
  }
}

// JSON keeps the two parts apart whatever characters they hold.
const keyOf = (service: string, account: string) => JSON.stringify([service, account]);
