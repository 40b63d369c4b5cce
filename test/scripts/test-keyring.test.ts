// scripts/test-keyring.sh (every keychain test and `npm run scenario` runs inside it) is quiet:
// dbus-daemon finds its runtime folder, so no "Unable to set up transient service directory"
// line precedes every run; the command inside still reaches an unlocked Secret Service.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const haveKeyring =
  spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0;

describe.skipIf(!haveKeyring)(
  `with_test_keyring${haveKeyring ? '' : ' — skipped: no dbus-run-session / gnome-keyring'}`,
  () => {
    test('prints nothing of its own, and the command inside has a session bus and its runtime folder', () => {
      const run = spawnSync(
        'bash',
        [
          '-c',
          'source scripts/test-keyring.sh; with_test_keyring sh -c \'test -d "$XDG_RUNTIME_DIR" && echo "bus=$DBUS_SESSION_BUS_ADDRESS"\'',
        ],
        {
          cwd: root,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
          encoding: 'utf8',
          // Bounded: a daemon left holding the stderr pipe would otherwise keep this waiting.
          timeout: 30_000,
        },
      );
      expect(run.error).toBeUndefined();
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^bus=unix:/m);
    });
  },
);
