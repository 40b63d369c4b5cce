// The `latchkey` command as QA runs it: a real process against the real
// service and dev IdP, --json output, and an exit code per failure class.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Ajv } from 'ajv';
import { cliSchemas } from '../../../common/cli-json-schema.ts';
import { exitCodes } from '../../../main/cli/exit-codes.ts';
import { testDialects } from '../../support/databases.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { licenseKeyFormat } from '../../../common/license-key.ts';

const secretService = Boolean(process.env.LATCHKEY_TEST_SECRET_SERVICE);
let world: SsoWorld;
let dataDir: string;

beforeAll(async () => {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite');
  world = await startSsoWorld(sqlite);
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-cli-'));
});
afterAll(async () => {
  await world?.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json: {
    phase?: string;
    failure?: { code: string };
    exitCode?: number;
    ok?: boolean;
    checks?: { name: string; ok: boolean }[];
  };
}

/** Every --json answer of this file's runs, checked against the documented schemas at the end. */
const answers: { args: string[]; json: Run['json']; stdout: string }[] = [];

/** Runs the CLI; `signInAs` plays the user who opens the printed link in the browser. */
function latchkey(args: string[], signInAs?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['main/cli/latchkey.ts', '--json', '--data-dir', dataDir, ...args],
      {
        env: {
          ...process.env,
          LATCHKEY_SERVER_URL: world.service.baseUrl,
          // A development build, configured with the dev service's root.
          LATCHKEY_TRUST_ANCHOR: world.trustAnchorFile,
        },
      },
    );
    let stdout = '';
    let stderr = '';
    let browsing = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      const link = /^(http:\/\/\S+\/oidc\/auth\S*)$/m.exec(stderr)?.[1];
      if (link && signInAs && !browsing) {
        browsing = true;
        void browse(link, signInAs);
      }
    });
    child.on('close', (code) => {
      let json: Run['json'] = {};
      try {
        json = JSON.parse(stdout) as Run['json'];
      } catch {
        // not JSON: the assertions below show stdout
      }
      answers.push({ args, json, stdout });
      resolve({ code, stdout, stderr, json });
    });
  });
}

describe.skipIf(!secretService)(
  `latchkey CLI with the OS keychain${secretService ? '' : ' — skipped: no Secret Service session (run scripts/test.sh)'}`,
  () => {
    test('activate --no-browser → status → doctor → check-in → deactivate, each with its exit code', async () => {
      const activated = await latchkey(
        ['activate', '--email', 'alice@acme.test', '--no-browser'],
        'alice@acme.test',
      );
      expect(activated.code, activated.stderr).toBe(0);
      expect(activated.json.phase).toBe('activated');
      expect(activated.stderr).toContain('Open this link');

      const again = await latchkey(['activate', '--email', 'alice@acme.test', '--no-browser']);
      expect(again.code).toBe(exitCodes.alreadyActivated);
      expect(again.stderr).toMatch(/already activated for alice@acme.test/);

      const status = await latchkey(['status']);
      expect([status.code, status.json.phase]).toEqual([0, 'activated']);

      const doctor = await latchkey(['doctor']);
      expect(doctor.json.checks?.map((c) => [c.name, c.ok])).toEqual([
        ['server', true],
        ['clock', true],
        ['keychain', true],
        ['trust', true],
        ['license', true],
        ['lease', true],
      ]);
      expect(doctor.code).toBe(0);

      expect((await latchkey(['check-in'])).code).toBe(0);
      const deactivated = await latchkey(['deactivate']);
      expect([deactivated.code, deactivated.json.phase]).toEqual([0, 'idle']);
      const after = await latchkey(['status']);
      expect(after.code).toBe(exitCodes.notActivated);
      const doctorAfter = await latchkey(['doctor']);
      expect(doctorAfter.code).toBe(exitCodes.doctor);
      expect(doctorAfter.json.checks?.find((c) => c.name === 'license')?.ok).toBe(false);
    });

    test('each failure class has its own exit code and the catalog code in the JSON', async () => {
      const notInGroup = await latchkey(
        ['activate', '--email', 'carol@acme.test', '--no-browser'],
        'carol@acme.test',
      );
      expect([notInGroup.code, notInGroup.json.failure?.code]).toEqual([
        exitCodes.entitlement,
        'USER_NOT_IN_GROUP',
      ]);

      // Discovery comes before the browser: no sign-in link is printed to wait on.
      const unregistered = await latchkey([
        'activate',
        '--email',
        'someone@unregistered.test',
        '--no-browser',
        '--timeout',
        '3s',
      ]);
      expect([unregistered.code, unregistered.json.failure?.code]).toEqual([
        exitCodes.discovery,
        'DOMAIN_NOT_REGISTERED',
      ]);
      expect(unregistered.stderr).not.toContain('/oidc/auth');

      const timedOut = await latchkey([
        'activate',
        '--email',
        'alice@acme.test',
        '--no-browser',
        '--timeout',
        '1s',
      ]);
      expect([timedOut.code, timedOut.json.failure?.code]).toEqual([exitCodes.browser, 'BROWSER_CANCELLED']);

      // Well formed, but no license has it: the server turns it down, and that is the user's input too.
      const unknownKey = await latchkey([
        'activate',
        '--key',
        'LK-AAAAA-BBBBB-CCCCC-DDDDD',
        '--email',
        'dana@globex.test',
      ]);
      expect([unknownKey.code, unknownKey.json.phase]).toEqual([exitCodes.badInput, 'idle']);
      expect((unknownKey.json as { notice?: string }).notice).toMatch(/No license has this key/);

      const noServer = await latchkey([
        '--server',
        'http://127.0.0.1:9',
        'activate',
        '--email',
        'alice@acme.test',
      ]);
      expect([noServer.code, noServer.json.failure?.code]).toEqual([exitCodes.network, 'SERVER_UNREACHABLE']);
    });

    test('every --json answer above has the documented shape (latchkey schema state|doctor)', async () => {
      const ajv = new Ajv({ strict: true, allErrors: true });
      const validate = { state: ajv.compile(cliSchemas.state), doctor: ajv.compile(cliSchemas.doctor) };
      const checked = answers.filter((a) => a.stdout.trim() && a.args[0] !== 'schema');
      expect(checked.length).toBeGreaterThan(8);
      const problems = checked.flatMap((a) => {
        const check = a.args[0] === 'doctor' ? validate.doctor : validate.state;
        return check(a.json) ? [] : [`${a.args.join(' ')}: ${ajv.errorsText(check.errors)}`];
      });
      expect(problems).toEqual([]);
      const phases = new Set(checked.map((a) => a.json.phase ?? 'doctor'));
      expect([...phases].sort()).toEqual(['activated', 'doctor', 'failed', 'idle']);
      // The schema QA scripts read is the one the CLI prints.
      const printed = await latchkey(['schema', 'doctor']);
      expect([printed.code, printed.json]).toEqual([0, cliSchemas.doctor]);
      expect((await latchkey(['schema', 'nope'])).code).toBe(exitCodes.badInput);
    });
  },
);

test('bad input exits 2 with the reason, before anything is contacted', async () => {
  const badEmail = await latchkey(['activate', '--email', 'not-an-email', '--no-browser']);
  expect(badEmail.code).toBe(exitCodes.badInput);
  expect(badEmail.stderr).toMatch(/work email/);
  const badKey = await latchkey(['activate', '--email', 'alice@acme.test', '--key', 'LK-1234']);
  expect(badKey.code).toBe(exitCodes.badInput);
  expect(badKey.stderr).toContain(licenseKeyFormat);
  const badTimeout = await latchkey(['activate', '--email', 'alice@acme.test', '--timeout', 'soon']);
  expect(badTimeout.code).toBe(exitCodes.badInput);
  const badServer = await latchkey(['--server', 'ftp://x', 'status']);
  expect(badServer.code).toBe(exitCodes.badInput);
});
