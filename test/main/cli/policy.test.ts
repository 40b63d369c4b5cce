// `latchkey policy --json` and doctor on a computer with a managed policy: a configuration
// profile for the machine (XML plist) and one for the user (binary plist, with Jamf's
// $EMAIL left unexpanded), read through a stand-in root (a development build's
// LATCHKEY_POLICY_ROOT, macOS layout).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { afterAll, expect, test } from 'vitest';
import { cliSchemas } from '../../../common/cli-json-schema.ts';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'latchkey-cli-policy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const fixture = (name: string) => new URL(`../core/policy/fixtures/${name}`, import.meta.url).pathname;
const managed = join(root, 'Library', 'Managed Preferences');
mkdirSync(join(managed, userInfo().username), { recursive: true });
copyFileSync(fixture('machine.plist'), join(managed, 'com.latchkey.desktop.plist'));
copyFileSync(fixture('user.bplist'), join(managed, userInfo().username, 'com.latchkey.desktop.plist'));

async function latchkey(...args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const result = await run(
    process.execPath,
    ['main/cli/latchkey.ts', '--json', '--data-dir', join(root, 'data'), ...args],
    {
      env: {
        ...process.env,
        LATCHKEY_POLICY_ROOT: root,
        LATCHKEY_POLICY_PLATFORM: 'darwin',
        LATCHKEY_SERVER_URL: 'http://127.0.0.1:9',
      },
    },
  ).catch((err: { code: number; stdout: string }) => err);
  return {
    code: 'code' in result ? result.code : 0,
    json: JSON.parse(result.stdout) as Record<string, unknown>,
  };
}

test('latchkey policy --json: each value in force with its source, the ignored keys as problems, in the documented schema', async () => {
  const { code, json } = await latchkey('policy');
  expect(code).toBe(0);
  const validate = new Ajv({ strict: false }).compile(cliSchemas.policy);
  expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  const machine = join(managed, 'com.latchkey.desktop.plist');
  expect(json.values).toMatchObject({
    EmailDomain: { value: 'acme.test', source: 'managed-machine', where: machine },
    Email: { value: null, source: 'build-default' },
    ActivationMethods: { value: 'sso', source: 'managed-machine' },
    ActivateAtStart: { value: true, source: 'managed-machine' },
    AllowDeactivate: { value: false, source: 'managed-machine' },
    CheckInIntervalHours: { value: 12, source: 'managed-machine' },
    // This build's anchor does not allow a managed service: the build's own stays.
    ServiceURL: { value: 'http://127.0.0.1:9', source: 'build-default' },
  });
  expect((json.problems as { key: string }[]).map((p) => p.key)).toEqual([
    'ServiceURL',
    'Email',
    'CheckInIntervalHours',
    'Colour',
  ]);
});

test('doctor reports the policy problems (and fails on them)', async () => {
  const { json } = await latchkey('doctor');
  const policy = (json.checks as { name: string; ok: boolean; detail: string }[]).find(
    (c) => c.name === 'policy',
  );
  expect(policy?.ok).toBe(false);
  expect(policy?.detail).toMatch(/4 problem\(s\), ignored: .*Email is an MDM variable/);
  expect(new Ajv({ strict: false }).compile(cliSchemas.doctor)(json)).toBe(true);
});
