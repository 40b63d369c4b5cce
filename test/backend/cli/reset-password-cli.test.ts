// `latchkey-server reset-password --email …`: the owner (or backup login) who lost the password
// gets a new one — from LATCHKEY_OWNER_PASSWORD, or generated and printed once — every console
// session of that user ends, and the audit log says who did it (never the password).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('latchkey-server reset-password', (dialect) => {
  let service: TestService;
  const email = 'it@reset.test';
  const firstPassword = 'first-password-123';
  let current = '';

  beforeAll(async () => {
    service = await startTestService(dialect);
    await new ConsoleClient(service.baseUrl).signUp('Reset Corp', email, firstPassword);
  });
  afterAll(async () => service?.close());

  async function cli(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, ['backend/cli/main.ts', ...args], {
      env: {
        ...process.env,
        LATCHKEY_OWNER_PASSWORD: '',
        DATABASE_URL: service.deps.config.databaseUrl,
        LATCHKEY_DATA_DIR: service.deps.config.dataDir,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    return { code, stdout, stderr };
  }

  const signedIn = async (password: string) => {
    const client = new ConsoleClient(service.baseUrl);
    const login = await client.login(email, password);
    return { client, ok: login.status === 200 };
  };

  test('LATCHKEY_OWNER_PASSWORD becomes the password; the old one and every session end; audited', async () => {
    const before = await signedIn(firstPassword);
    expect(before.ok).toBe(true);
    expect((await before.client.get('/api/console/me')).status).toBe(200);

    const chosen = 'chosen-password-456';
    const run = await cli(['reset-password', '--email', 'IT@reset.test'], {
      LATCHKEY_OWNER_PASSWORD: chosen,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(email);
    expect(run.stdout).not.toContain(chosen);

    expect((await before.client.get('/api/console/me')).status).toBe(401);
    expect((await signedIn(firstPassword)).ok).toBe(false);
    expect((await signedIn(chosen)).ok).toBe(true);

    const audit = await service.deps.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.password_reset')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'cli', target: email });
    expect(JSON.stringify(audit)).not.toContain(chosen);
  });

  test('without a password given, one is generated and printed once (--json: in "password")', async () => {
    const run = await cli(['--json', 'reset-password', '--email', email]);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { email: string; password: string; sessionsEnded: number };
    expect(answer.email).toBe(email);
    expect(answer.password.length).toBeGreaterThanOrEqual(16);
    expect((await signedIn(answer.password)).ok).toBe(true);
    current = answer.password;
  });

  test('an unknown email, a bad email or a too short password is bad input: exit 2, nothing changed', async () => {
    const unknown = await cli(['reset-password', '--email', 'nobody@reset.test']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no user nobody@reset\.test with a password login/);
    expect((await cli(['reset-password', '--email', 'not an email'])).code).toBe(2);
    const short = await cli(['reset-password', '--email', email], { LATCHKEY_OWNER_PASSWORD: 'short' });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/LATCHKEY_OWNER_PASSWORD/);
    expect((await signedIn(current)).ok).toBe(true);
  });
});
