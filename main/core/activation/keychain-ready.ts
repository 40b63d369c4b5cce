// Before an activation asks for anything: can this computer keep the credential?
// Checked first, so a locked keychain never costs a seat or a browser tab.
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { probeSecretStore, type SecretStore } from '../secrets/secret-store.ts';

export async function ensureKeychain(secrets: SecretStore): Promise<void> {
  const probe = await probeSecretStore(secrets);
  if (!probe.usable) throw new LatchkeyError('KEYCHAIN_UNAVAILABLE', probe.reason);
}
