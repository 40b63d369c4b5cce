// Against a real Secret Service: scripts/test.sh runs the suite inside
// dbus-run-session with an unlocked gnome-keyring in temporary folders.
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { osKeychain, probeKeychain } from '../../../../main/core/secrets/os-keychain.ts';

const secretService = Boolean(process.env.LATCHKEY_TEST_SECRET_SERVICE);
const skipReason =
  'no Secret Service session: run the suite with scripts/test.sh (dbus-run-session + gnome-keyring)';

describe.skipIf(!secretService)(
  `OS keychain through the real Secret Service${secretService ? '' : ` — skipped: ${skipReason}`}`,
  () => {
    test('stores, reads back and deletes a secret; a missing one reads as null', async () => {
      const account = `alice-${process.pid}`;
      await osKeychain.setPassword('latchkey-test', account, 'refresh-token-value');
      expect(await osKeychain.getPassword('latchkey-test', account)).toBe('refresh-token-value');
      await osKeychain.setPassword('latchkey-test', account, 'rotated-value');
      expect(await osKeychain.getPassword('latchkey-test', account)).toBe('rotated-value');
      expect(await osKeychain.deletePassword('latchkey-test', account)).toBe(true);
      expect(await osKeychain.getPassword('latchkey-test', account)).toBeNull();
      expect(await probeKeychain()).toEqual({ usable: true });
    });
  },
);

// Without a D-Bus session the binding refuses the first write ("AccessDenied") but may
// then serve later calls from a non-persistent fallback, so the contract the app relies
// on is the probe: it must report the keychain unusable, with the reason.
test('without a session bus, the keychain probe reports it unusable with the reason (doctor, activation)', () => {
  const script = [
    "import { probeKeychain } from './main/core/secrets/os-keychain.ts';",
    'console.log(JSON.stringify(await probeKeychain()));',
  ].join('\n');
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
  const probe = JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as {
    usable: boolean;
    reason?: string;
  };
  expect(probe.usable).toBe(false);
  expect(probe.reason).toMatch(/keychain could not store the secret/);
});
