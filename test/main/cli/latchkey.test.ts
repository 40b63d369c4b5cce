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
function latchkey(
  args: string[],
  signInAs?: string,
  json = true,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['main/cli/latchkey.ts', ...(json ? ['--json'] : []), '--data-dir', dataDir, ...args],
      {
        env: {
          ...process.env,
          LATCHKEY_SERVER_URL: world?.service.baseUrl ?? 'http://127.0.0.1:9',
          // A development build, configured with the dev service's root.
          ...(world && { LATCHKEY_TRUST_ANCHOR: world.trustAnchorFile }),
          ...env,
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
      let parsed: Run['json'] = {};
      try {
        parsed = JSON.parse(stdout) as Run['json'];
      } catch {
        // not JSON: the assertions below show stdout
      }
      if (json) answers.push({ args, json: parsed, stdout });
      resolve({ code, stdout, stderr, json: parsed });
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
      expect(again.json).toMatchObject({
        error: {
          code: 'ALREADY_ACTIVATED',
          message: expect.stringMatching(/already activated for alice@acme.test/),
        },
      });

      const status = await latchkey(['status']);
      expect([status.code, status.json.phase]).toEqual([0, 'activated']);

      const doctor = await latchkey(['doctor']);
      expect(doctor.json.checks?.map((c) => [c.name, c.ok])).toEqual([
        ['server', true],
        ['clock', true],
        ['keychain', true],
        ['trust', true],
        ['policy', true], // no managed settings on this machine: information
        ['license', true],
        ['lease', true],
        ['network', true],
      ]);
      expect(doctor.code).toBe(0);

      expect((await latchkey(['check-in'])).code).toBe(0);
      const deactivated = await latchkey(['deactivate']);
      expect([deactivated.code, deactivated.json.phase]).toEqual([0, 'idle']);
      const after = await latchkey(['status']);
      expect(after.code).toBe(exitCodes.notActivated);
      // Issue 20 item 9: a device not activated yet is information for doctor, not a problem.
      const doctorAfter = await latchkey(['doctor']);
      expect(doctorAfter.code).toBe(exitCodes.ok);
      expect(doctorAfter.json.checks?.find((c) => c.name === 'license')).toMatchObject({
        ok: true,
        info: true,
        detail: expect.stringMatching(/not activated yet/),
      });
      const doctorText = await latchkey(['doctor'], undefined, false);
      expect(doctorText.stdout).toMatch(/^info\s+license\s+not activated yet/m);
      expect(doctorText.stdout).not.toMatch(/FAIL/);
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
      // Issue 20 item 6: the service found no way to activate this email with that key: discovery,
      // not bad input (2 is what the CLI refuses itself); and nothing "signed in".
      expect([unknownKey.code, unknownKey.json.phase]).toEqual([exitCodes.discovery, 'idle']);
      expect((unknownKey.json as { notice?: string }).notice).toMatch(/No license has this key/);
      const acmeKey = await world.service.deps.database.db
        .selectFrom('licenses')
        .select('license_key')
        .where('account_id', '=', world.accountId)
        .executeTakeFirstOrThrow();
      const ssoRequired = await latchkey(
        ['activate', '--key', acmeKey.license_key ?? '', '--email', 'alice@acme.test'],
        undefined,
        false,
      );
      expect([ssoRequired.code, ssoRequired.stdout]).toEqual([
        exitCodes.discovery,
        expect.stringMatching(/single sign-on/),
      ]);
      expect(ssoRequired.stderr).not.toMatch(/Signed in/);
      expect(ssoRequired.stderr).toMatch(/license key/);

      // Issue 20 item 7: a data folder that cannot be made is found before the browser opens.
      for (const folder of ['/proc/nope', '/etc/hostname/sub']) {
        const started = Date.now();
        const noFolder = await latchkey([
          '--data-dir',
          folder,
          'activate',
          '--email',
          'bob@acme.test',
          '--no-browser',
          '--timeout',
          '20s',
        ]);
        expect([noFolder.code, noFolder.json.failure?.code], noFolder.stderr).toEqual([
          exitCodes.dataFolder,
          'DATA_FOLDER_UNWRITABLE',
        ]);
        expect(noFolder.stderr).not.toContain('/oidc/auth');
        const text = await latchkey(
          ['--data-dir', folder, 'activate', '--email', 'bob@acme.test', '--no-browser'],
          undefined,
          false,
        );
        expect(text.stdout).toContain(`Detail: the data folder ${folder} cannot be written`);
        expect(Date.now() - started).toBeLessThan(10_000);
      }

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
      const validateError = ajv.compile(cliSchemas.error);
      const problems = checked.flatMap((a) => {
        const check =
          'error' in a.json ? validateError : a.args[0] === 'doctor' ? validate.doctor : validate.state;
        return check(a.json) ? [] : [`${a.args.join(' ')}: ${ajv.errorsText(check.errors)}`];
      });
      expect(problems).toEqual([]);
      const phases = new Set(checked.map((a) => a.json.phase ?? ('error' in a.json ? 'error' : 'doctor')));
      expect([...phases].sort()).toEqual(['activated', 'doctor', 'error', 'failed', 'idle']);
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
  expect(badEmail.stdout).toMatch(/work email/);
  const badKey = await latchkey(['activate', '--email', 'alice@acme.test', '--key', 'LK-1234']);
  expect(badKey.code).toBe(exitCodes.badInput);
  expect(badKey.stdout).toContain(licenseKeyFormat);
  const badTimeout = await latchkey(['activate', '--email', 'alice@acme.test', '--timeout', 'soon']);
  expect(badTimeout.code).toBe(exitCodes.badInput);
  const badServer = await latchkey(['--server', 'ftp://x', 'status']);
  expect(badServer.code).toBe(exitCodes.badInput);
});

/** What --json printed for a refused command: one error object on stdout, nothing else. */
function errorObject(run: Run): { error: { code: string; message: string }; exitCode: number } {
  const ajv = new Ajv({ strict: true, allErrors: true });
  const validate = ajv.compile(cliSchemas.error);
  expect(validate(run.json), `${run.stdout}\n${ajv.errorsText(validate.errors)}`).toBe(true);
  return run.json as unknown as { error: { code: string; message: string }; exitCode: number };
}

// Issue 20 item 8: a script that asked for --json can always JSON.parse stdout.
test('--json: a usage error (unknown option or command, missing --email, a bad value) is the documented error object on stdout, exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['activate', '--email', 'alice@acme.test', '--bogus'], /unknown option '--bogus'/],
    [['bogus'], /unknown command 'bogus'/],
    [[], /^name a command: activate, status/],
    [['activate', '--no-browser'], /--email/],
    [['--server', 'ftp://x', 'status'], /--server.*http\(s\) URL/],
    [['activate', '--email', 'alice@acme.test', '--timeout', 'soon'], /--timeout.*duration/],
  ];
  for (const [args, message] of cases) {
    const run = await latchkey(args);
    expect(run.code, args.join(' ')).toBe(exitCodes.badInput);
    expect(errorObject(run)).toEqual({
      error: { code: 'USAGE', message: expect.stringMatching(message) },
      exitCode: exitCodes.badInput,
    });
    // The usage text is for people: not mixed into what a script reads.
    expect(run.stdout).not.toMatch(/Usage:/);
  }
  // Without --json the person at the terminal still gets the usage text.
  const text = await latchkey(['bogus'], undefined, false);
  expect([text.code, text.stdout]).toEqual([exitCodes.badInput, '']);
  expect(text.stderr).toMatch(/unknown command 'bogus'[\s\S]*Usage:/);
});

test('--json: a refused command has a code too (deactivate when not activated: NOT_ACTIVATED, exit 3; a bad email: BAD_INPUT)', async () => {
  const deactivate = await latchkey(['deactivate']);
  expect(deactivate.code).toBe(exitCodes.notActivated);
  expect(errorObject(deactivate)).toEqual({
    error: { code: 'NOT_ACTIVATED', message: 'this device is not activated' },
    exitCode: exitCodes.notActivated,
  });
  const badEmail = await latchkey(['activate', '--email', 'not-an-email', '--no-browser']);
  expect(errorObject(badEmail).error.code).toBe('BAD_INPUT');
});

// Issue 20 item 9: the variable is input like --server, and named when it is wrong.
test('LATCHKEY_SERVER_URL=garbage is bad input that names the variable (exit 2), for every command', async () => {
  for (const args of [['activate', '--email', 'alice@acme.test', '--no-browser'], ['doctor'], ['status']]) {
    const run = await latchkey(args, undefined, true, { LATCHKEY_SERVER_URL: 'garbage' });
    expect(run.code, args[0]).toBe(exitCodes.badInput);
    expect(errorObject(run).error).toEqual({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/^LATCHKEY_SERVER_URL: .*http\(s\) URL/),
    });
  }
  const text = await latchkey(['status'], undefined, false, { LATCHKEY_SERVER_URL: 'garbage' });
  expect(text.stderr).toMatch(/LATCHKEY_SERVER_URL/);
  // --server names the server for this run: a stale variable does not get in its way.
  const named = await latchkey(['--server', 'http://127.0.0.1:9', 'status'], undefined, true, {
    LATCHKEY_SERVER_URL: 'garbage',
  });
  expect(named.code).toBe(exitCodes.notActivated);
});
