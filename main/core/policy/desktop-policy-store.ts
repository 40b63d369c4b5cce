// The policy store of this computer, as the app, the webshell and the CLI open it: the
// platform's managed stores, the user's own settings (settings.json in the data folder)
// and the build's defaults — with a managed ServiceURL only where the build's anchor allows it.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { isManaged } from '../../../common/desktop-policy.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import { noPolicyDefaults } from './effective-policy.ts';
import { locationOptionsFor, policyLocations } from './policy-locations.ts';
import { PolicyStore } from './policy-store.ts';

export interface DesktopPolicyOptions {
  dataDir: string;
  packaged: boolean;
  anchor: TrustAnchor;
  /** The service the build talks to without policy. */
  buildServerUrl: string;
  env?: NodeJS.ProcessEnv;
}

export const userSettingsFileIn = (dataDir: string): string => join(dataDir, 'settings.json');

export function openDesktopPolicy(options: DesktopPolicyOptions): Promise<PolicyStore> {
  const env = options.env ?? process.env;
  return PolicyStore.open({
    locations: policyLocations(locationOptionsFor(env, options.packaged, currentUser())),
    userSettingsFile: userSettingsFileIn(options.dataDir),
    build: {
      defaults: noPolicyDefaults(options.buildServerUrl),
      allowManagedServiceUrl: options.anchor.allowManagedServiceUrl === true,
    },
  });
}

/** The service a managed policy names (where the build allows it), else undefined. */
export function managedServiceUrl(store: PolicyStore): string | undefined {
  const entry = store.current().values.ServiceURL;
  return isManaged(entry) && entry.value ? entry.value : undefined;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
