// Issue 20 item 10: a whole activation on a machine without a browser, as the
// README shows it — `latchkey activate --no-browser` prints the link in one
// shell, `latchkey-qa sign-in --link … --as …` finishes the browser step from
// another. Real processes against the real service and dev IdP.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exitCodes } from '../../main/cli/exit-codes.ts';
import { testDialects } from '../support/databases.ts';
import { startSsoWorld, type SsoWorld } from '../support/sso-world.ts';

const secretService = Boolean(process.env.LATCHKEY_TEST_SECRET_SERVICE);

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

function run(
  args: string[],
  env: Record<string, string> = {},
  onStderr?: (all: string) => void,
): Promise<Exited> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    child.on('close', (code) => {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        // not JSON: the assertions show stdout
      }
      done({ code, stdout, stderr, json });
    });
  });
}

const qa = (args: string[]) => run(['devtools/latchkey-qa.ts', ...args]);

test('latchkey-qa sign-in checks its flags: a clear error, exit 2, the error object on stdout with --json', async () => {
  const link =
    'http://127.0.0.1:9/oidc/auth?client_id=latchkey-desktop&redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fcallback';
  const cases: [string[], RegExp][] = [
    [['sign-in', '--as', 'alice@acme.test'], /--link/],
    [['sign-in', '--link', 'not a url', '--as', 'alice@acme.test'], /--link.*sign-in link/],
    [['sign-in', '--link', 'http://127.0.0.1:9/console', '--as', 'alice@acme.test'], /--link.*oidc\/auth/],
    [['sign-in', '--link', link, '--as', 'alice'], /--as.*email/],
    [['sign-in', '--link', link, '--as', 'alice@acme.test', '--fault', 'bogus'], /--fault.*not-in-group/],
    [['bogus'], /unknown command 'bogus'/],
    [[], /^name a command: sign-in/],
  ];
  for (const [args, message] of cases) {
    const result = await qa(['--json', ...args]);
    expect(result.code, args.join(' ')).toBe(2);
    expect(result.json).toEqual({
      error: { code: 'USAGE', message: expect.stringMatching(message) },
      exitCode: 2,
    });
    const text = await qa(args);
    expect([text.code, text.stdout]).toEqual([2, '']);
    // No command named: the person at the terminal gets the help (the JSON names the commands).
    expect(text.stderr).toMatch(args.length > 0 ? message : /Usage: latchkey-qa/);
  }
});

describe.each(testDialects.filter((d) => !d.skip))('against the real service on $name', (dialect) => {
  let world: SsoWorld;
  const folders: string[] = [];
  beforeAll(async () => {
    world = await startSsoWorld(dialect);
  });
  afterAll(async () => {
    await world?.close();
    for (const f of folders) await rm(f, { recursive: true, force: true });
  });

  /** `latchkey activate --no-browser` in one shell; `sign` plays the second shell once the link is printed. */
  async function activate(
    email: string,
    sign: (link: string) => Promise<Exited>,
    timeout = '30s',
  ): Promise<{ app: Exited; browser: Exited }> {
    const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-qa-cli-'));
    folders.push(dataDir);
    let browser: Promise<Exited> | undefined;
    const app = await run(
      [
        'main/cli/latchkey.ts',
        '--json',
        '--data-dir',
        dataDir,
        'activate',
        '--email',
        email,
        '--no-browser',
        '--timeout',
        timeout,
      ],
      {
        LATCHKEY_SERVER_URL: world.service.baseUrl,
        LATCHKEY_TRUST_ANCHOR: world.trustAnchorFile,
        LATCHKEY_MACHINE_ID: dataDir,
      },
      (stderr) => {
        const link = /^(http:\/\/\S+\/oidc\/auth\S*)$/m.exec(stderr)?.[1];
        if (link && !browser) browser = sign(link);
      },
    );
    if (!browser) throw new Error(`latchkey printed no link: ${app.stderr}`);
    return { app, browser: await browser };
  }

  test.skipIf(!secretService)(
    'latchkey activate --no-browser + latchkey-qa sign-in --link … --as … activates this device',
    { timeout: 60_000 },
    async () => {
      const { app, browser } = await activate('alice@acme.test', (link) =>
        qa(['--json', 'sign-in', '--link', link, '--as', 'alice@acme.test']),
      );
      expect([browser.code, browser.json]).toEqual([
        0,
        {
          ok: true,
          as: 'alice@acme.test',
          fault: 'none',
          returnedToApp: true,
          appStatus: 200,
          error: null,
          refusal: null,
          exitCode: 0,
        },
      ]);
      expect([app.code, app.json.phase], app.stderr).toEqual([0, 'activated']);
    },
  );

  test.skipIf(!secretService)(
    'with --fault the dev IdP breaks the sign-in on purpose: the answer reaches the app, which fails with the code',
    { timeout: 60_000 },
    async () => {
      const { app, browser } = await activate('bob@acme.test', (link) =>
        qa(['sign-in', '--link', link, '--as', 'bob@acme.test', '--fault', 'expired']),
      );
      expect(browser.code).toBe(0);
      expect(browser.stdout).toMatch(
        /as bob@acme.test with the fault "expired"; the answer went back to the app/,
      );
      expect(app.code).toBe(exitCodes.saml);
      expect((app.json.failure as { code?: string }).code).toBe('SAML_EXPIRED');
    },
  );

  test.skipIf(!secretService)(
    'the app no longer waiting (its sign-in timed out): exit 1 and says so',
    { timeout: 60_000 },
    async () => {
      let printed = '';
      const { app } = await activate(
        'alice@acme.test',
        async (link) => {
          printed = link;
          return { code: null, stdout: '', stderr: '', json: {} };
        },
        '1s',
      );
      expect(app.code).toBe(exitCodes.browser);
      const late = await qa(['--json', 'sign-in', '--link', printed, '--as', 'alice@acme.test']);
      expect(late.code).toBe(1);
      expect(late.json).toEqual({
        error: { code: 'FAILED', message: expect.stringMatching(/no longer waiting/) },
        exitCode: 1,
      });
    },
  );
});
