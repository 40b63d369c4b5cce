// `latchkey` names the license's holder as the signed license does, never the
// email typed — a real process against the real service and dev IdP.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDialects } from '../../support/databases.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';

const secretService = Boolean(process.env.LATCHKEY_TEST_SECRET_SERVICE);
let world: SsoWorld;
let dataDir: string;

beforeAll(async () => {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite');
  world = await startSsoWorld(sqlite);
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-cli-holder-'));
});
afterAll(async () => {
  await world?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the CLI (plain text); `signInAs` is who opens the printed link at the IdP. */
function latchkey(
  args: string[],
  signInAs?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['main/cli/latchkey.ts', '--data-dir', dataDir, ...args], {
      env: {
        ...process.env,
        LATCHKEY_SERVER_URL: world.service.baseUrl,
        LATCHKEY_TRUST_ANCHOR: world.trustAnchorFile,
      },
    });
    let stdout = '';
    let stderr = '';
    let browsing = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      const link = /(http:\/\/\S+\/oidc\/auth\S*)/.exec(stderr)?.[1];
      if (link && signInAs && !browsing) {
        browsing = true;
        void browse(link, signInAs);
      }
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!secretService)(
  `latchkey names the holder${secretService ? '' : ' — skipped: no Secret Service session (run scripts/test.sh)'}`,
  () => {
    test('activate --email bob@acme.test, signed in as Alice: "licensed to Alice Admin (alice@acme.test)" and "You signed in as alice@acme.test"; status says the same', async () => {
      const activated = await latchkey(
        ['activate', '--email', 'bob@acme.test', '--no-browser'],
        'alice@acme.test',
      );
      expect(activated.code, activated.stderr).toBe(0);
      const out = activated.stdout + activated.stderr;
      expect(out).toContain('licensed to Alice Admin (alice@acme.test)');
      expect(out).toContain('You signed in as alice@acme.test, not bob@acme.test (the email you typed)');
      expect(out).not.toMatch(/licensed to bob/i);
      const status = await latchkey(['status']);
      expect(status.stdout).toContain('licensed to Alice Admin (alice@acme.test)');
      expect((await latchkey(['deactivate'])).code).toBe(0);
    });
  },
);
