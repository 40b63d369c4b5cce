import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { TestDatabase } from '../../support/databases.ts';
import { startDnsServer, type TestDnsServer } from '../../../devtools/dns-server.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { licenseKeyPattern } from '../../../common/license-key.ts';

describeEachDatabase('latchkey-server CLI scripts setup with --json and meaningful exit codes', (dialect) => {
  let db: TestDatabase;
  let dns: TestDnsServer;
  let dataDir: string;

  beforeAll(async () => {
    db = await dialect.create();
    dns = await startDnsServer();
    dataDir = mkdtempSync(join(tmpdir(), 'latchkey-cli-'));
  });
  afterAll(async () => {
    await db?.drop();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Asynchronous: the DNS server answers from this same process.
  async function cli(args: string[], input?: string) {
    const child = spawn(process.execPath, ['backend/cli/main.ts', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        LATCHKEY_DATA_DIR: dataDir,
        LATCHKEY_DNS_SERVERS: dns.address,
        LATCHKEY_DNS_TIMEOUT_MS: '1000',
        LATCHKEY_OWNER_PASSWORD: '',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(input ?? '');
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    const res = { status: code, stdout, stderr };
    const json = (() => {
      try {
        return JSON.parse(res.stdout) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    })();
    return { code: res.status, stdout: res.stdout, stderr: res.stderr, json };
  }

  test('create-account, add-license, add-domain, verify-domain round trip', async () => {
    expect((await cli(['migrate'])).code).toBe(0);
    const account = await cli(
      [
        '--json',
        'create-account',
        '--name',
        'Wayne Enterprises',
        '--owner-email',
        'Owner@Wayne.example',
        '--password-stdin',
      ],
      'a long enough password\n',
    );
    expect(account.code, account.stderr).toBe(0);
    expect(account.json).toMatchObject({ name: 'Wayne Enterprises', ownerEmail: 'owner@wayne.example' });
    const accountId = String(account.json?.id);

    const license = await cli([
      '--json',
      'add-license',
      '--account',
      accountId,
      '--edition',
      'enterprise',
      '--seats',
      '50',
      '--expires',
      '2030-01-01',
    ]);
    expect(license.code, license.stderr).toBe(0);
    expect(license.json).toMatchObject({ edition: 'enterprise', seats: 50, deviceLimit: 3, expired: false });
    expect(String(license.json?.key)).toMatch(licenseKeyPattern);

    const domain = await cli(['--json', 'add-domain', '--account', accountId, '--domain', 'wayne.example']);
    expect(domain.code, domain.stderr).toBe(0);
    const record = domain.json?.record as { host: string; value: string };

    const unverified = await cli([
      '--json',
      'verify-domain',
      '--account',
      accountId,
      '--domain',
      'wayne.example',
    ]);
    expect(unverified.code).toBe(3);
    expect(unverified.json).toMatchObject({ verified: false });

    dns.setTxt(record.host, [record.value]);
    const verified = await cli(['verify-domain', '--account', accountId, '--domain', 'WAYNE.example']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('wayne.example is verified');

    dns.removeTxt(record.host);
    const recheck = await cli(['--json', 'recheck-domains']);
    expect(recheck.json).toMatchObject({ checked: 1, verified: 0, lost: ['wayne.example'] });

    const list = await cli(['--json', 'list-accounts']);
    expect((list.json?.accounts as { id: string }[]).map((a) => a.id)).toContain(accountId);
  });

  test('add-license without --account issues a key bound to no account, for the customer to register', async () => {
    expect((await cli(['migrate'])).code).toBe(0);
    const issued = await cli([
      '--json',
      'add-license',
      '--edition',
      'business',
      '--seats',
      '10',
      '--expires',
      '2031-03-01',
    ]);
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.json).toMatchObject({ edition: 'business', seats: 10, deviceLimit: 3, registered: false });
    expect(String(issued.json?.key)).toMatch(licenseKeyPattern);

    const human = await cli([
      'add-license',
      '--edition',
      'enterprise',
      '--seats',
      '5',
      '--expires',
      '2031-03-01',
    ]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^license key LK(-[0-9A-Z]{5}){4}: enterprise, 5 seats/);
    expect(human.stdout).toContain('Licenses → Register license key');

    const bad = await cli([
      'add-license',
      '--edition',
      'business',
      '--seats',
      '0',
      '--expires',
      '2031-03-01',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('seats');
  });

  test('bad input exits 2 with a message that names the problem; nothing is created', async () => {
    const noPassword = await cli(['create-account', '--name', 'X', '--owner-email', 'x@x.example']);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('owner password');

    const badSeats = await cli([
      '--json',
      'add-license',
      '--account',
      '00000000-0000-4000-8000-000000000000',
      '--edition',
      'gold',
      '--seats',
      'ten',
      '--expires',
      'soon',
    ]);
    expect(badSeats.code).toBe(2);
    expect(JSON.parse(badSeats.stderr).error.message).toMatch(/^edition:/);

    const unknownAccount = await cli([
      'add-license',
      '--account',
      '00000000-0000-4000-8000-000000000000',
      '--edition',
      'business',
      '--seats',
      '1',
      '--expires',
      '2030-01-01',
    ]);
    expect(unknownAccount.code).toBe(2);
    expect(unknownAccount.stderr).toContain('no account');

    const publicDomain = await cli([
      'add-domain',
      '--account',
      '00000000-0000-4000-8000-000000000000',
      '--domain',
      'gmail.com',
    ]);
    expect(publicDomain.code).toBe(2);
    expect(publicDomain.stderr).toContain('public email provider');
  });

  test('rotate-signing-key starts a new key each time', async () => {
    const first = await cli(['--json', 'rotate-signing-key']);
    const second = await cli(['--json', 'rotate-signing-key']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json?.kid).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.json?.kid).not.toBe(first.json?.kid);
  });

  test('seed-demo is idempotent', async () => {
    const first = await cli(['--json', 'seed-demo']);
    const second = await cli(['--json', 'seed-demo']);
    expect(first.json).toMatchObject({ created: true });
    expect(second.json).toMatchObject({ created: false, accountId: first.json?.accountId });
  });
});

test('an invalid configuration exits 2 and names the variable', () => {
  const res = spawnSync(process.execPath, ['backend/cli/main.ts', 'migrate'], {
    env: { ...process.env, LATCHKEY_PORT: 'eighty' },
    encoding: 'utf8',
  });
  expect(res.status).toBe(2);
  expect(res.stderr).toContain('LATCHKEY_PORT');
});
