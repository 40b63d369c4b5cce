// A SecretStore in memory, for code whose subject is not the keychain (the
// benchmark runs without a Secret Service; doctor's checks need a usable one).
// The OS keychain itself is tested against a real Secret Service.
import type { SecretStore } from '../../main/core/secrets/secret-store.ts';

export function memorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  const key = (service: string, account: string) => `${service}\0${account}`;
  return {
    getPassword: async (service, account) => secrets.get(key(service, account)) ?? null,
    setPassword: async (service, account, password) => void secrets.set(key(service, account), password),
    deletePassword: async (service, account) => secrets.delete(key(service, account)),
  };
}
