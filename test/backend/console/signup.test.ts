// Who may create an account (issue 10 item 7): LATCHKEY_SIGNUP=closed (the
// production default) refuses the console's sign-up while the operator's
// `create-account` still works; open sign-up is limited per client.
import { spawn } from 'node:child_process';
import { afterEach, expect, test } from 'vitest';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects, type TestDialect } from '../../support/databases.ts';
import { startTestService, type TestService } from '../../support/service.ts';

const sqlite = testDialects.find((d) => d.name === 'sqlite') as TestDialect;
let service: TestService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function createAccountByCli(s: TestService, email: string): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [
      'backend/cli/main.ts',
      '--json',
      'create-account',
      '--name',
      'Operator made',
      '--owner-email',
      email,
      '--password-stdin',
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: s.deps.config.databaseUrl,
        LATCHKEY_DATA_DIR: s.deps.config.dataDir,
      },
      stdio: ['pipe', 'ignore', 'inherit'],
    },
  );
  child.stdin.end('correct horse battery\n');
  return new Promise((resolve) => child.once('close', resolve));
}

test('closed sign-up: the console refuses with 403 signup_closed; the create-account CLI still makes an account', async () => {
  service = await startTestService(sqlite, { env: { LATCHKEY_SIGNUP: 'closed' } });
  const visitor = new ConsoleClient(service.baseUrl);
  const refused = await visitor.post<{ error: { code: string; message: string } }>('/api/console/signup', {
    name: 'Anyone',
    ownerEmail: 'anyone@closed.example',
    ownerPassword: 'correct horse battery',
  });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('signup_closed');
  expect((await visitor.login('anyone@closed.example', 'correct horse battery')).status).toBe(401);

  expect(await createAccountByCli(service, 'operator@closed.example')).toBe(0);
  expect((await visitor.login('operator@closed.example', 'correct horse battery')).status).toBe(200);
});

test('open sign-up is limited per client: past LATCHKEY_SIGNUPS_PER_HOUR the next one gets 429', async () => {
  service = await startTestService(sqlite, {
    env: { LATCHKEY_SIGNUP: 'open', LATCHKEY_SIGNUPS_PER_HOUR: '2' },
  });
  const visitor = new ConsoleClient(service.baseUrl);
  const signUp = (n: number) =>
    visitor.post('/api/console/signup', {
      name: `Shop ${n}`,
      ownerEmail: `owner-${n}@open.example`,
      ownerPassword: 'correct horse battery',
    });
  expect((await signUp(1)).status).toBe(201);
  expect((await signUp(2)).status).toBe(201);
  const third = await signUp(3);
  expect(third.status).toBe(429);
  expect((await visitor.login('owner-3@open.example', 'correct horse battery')).status).toBe(401);
});
