// Where each platform keeps managed policy for Latchkey. A development build (never a
// packaged one) may be pointed at a folder standing in for the file system root
// (LATCHKEY_POLICY_ROOT) and at another platform's layout (LATCHKEY_POLICY_PLATFORM), so
// tests, QA and the docs' examples exercise every format on any machine.
import { join } from 'node:path';
import type { PolicySource } from '../../../common/desktop-policy.ts';
import { registryHives } from './registry-store.ts';

export const bundleId = 'com.latchkey.desktop';

export type PolicyLocation =
  | { source: PolicySource; kind: 'plist' | 'json' | 'reg-file'; where: string }
  | { source: PolicySource; kind: 'registry'; where: string; hive: string };

export interface LocationOptions {
  platform: NodeJS.Platform;
  /** The user's short name (per-user macOS profiles). */
  user: string;
  /** A folder standing in for `/` (development builds, tests). */
  root?: string;
}

export function policyLocations(options: LocationOptions): PolicyLocation[] {
  const root = options.root ?? '/';
  switch (options.platform) {
    case 'darwin': {
      const managed = join(root, 'Library', 'Managed Preferences');
      return [
        { source: 'managed-machine', kind: 'plist', where: join(managed, `${bundleId}.plist`) },
        { source: 'managed-user', kind: 'plist', where: join(managed, options.user, `${bundleId}.plist`) },
      ];
    }
    case 'win32':
      // In a stand-in root, .reg exports take the registry's place.
      if (options.root)
        return [
          { source: 'managed-machine', kind: 'reg-file', where: join(root, 'HKLM.reg') },
          { source: 'managed-user', kind: 'reg-file', where: join(root, 'HKCU.reg') },
        ];
      return [
        {
          source: 'managed-machine',
          kind: 'registry',
          where: `${registryHives.machine}\\SOFTWARE\\Policies\\Latchkey`,
          hive: registryHives.machine,
        },
        {
          source: 'managed-user',
          kind: 'registry',
          where: `${registryHives.user}\\SOFTWARE\\Policies\\Latchkey`,
          hive: registryHives.user,
        },
      ];
    default:
      return [
        { source: 'managed-machine', kind: 'json', where: join(root, 'etc', 'latchkey', 'policy.json') },
      ];
  }
}

/** The development overrides; a packaged build ignores them (policy is the administrator's, not the environment's). */
export function locationOptionsFor(env: NodeJS.ProcessEnv, packaged: boolean, user: string): LocationOptions {
  const platform = (!packaged && env.LATCHKEY_POLICY_PLATFORM) || process.platform;
  const root = packaged ? undefined : env.LATCHKEY_POLICY_ROOT || undefined;
  return { platform: platform as NodeJS.Platform, user, ...(root && { root }) };
}
