// Step 7's default (issue 22 item 5): "By default, the backup login is set to
// the email address of the currently logged-in user". The first qualifying
// user to sign in (a local user with a password) becomes the backup login,
// decided in the database so two sign-ins at once never fight, and a backup
// login once chosen is never overwritten by a later sign-in.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { hashPassword } from '../../../backend/accounts/password.ts';
import { newUserRow } from '../../../backend/db/user-row.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface Integration {
  steps: { key: string; state: 'gray' | 'green'; missing: string[] }[];
  backupLogin: { userId: string; email: string } | null;
}
type AuditBody = { entries: { action: string; actor: string; detail: Record<string, unknown> | null }[] };

const password = 'correct horse battery';

describeEachDatabase('step 7: the signed-in user is the default backup login', (dialect) => {
  let service: TestService;
  let n = 0;

  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => {
    await service?.close();
  });

  async function signUp(label: string) {
    n += 1;
    const email = `owner-${n}@${label}.example`;
    const accountId = await new ConsoleClient(service.baseUrl).signUp(`${label} ${n}`, email, password);
    return { email, accountId };
  }

  async function signedIn(email: string) {
    const client = new ConsoleClient(service.baseUrl);
    expect((await client.login(email, password)).status).toBe(200);
    return client;
  }

  async function addLocalUser(accountId: string, email: string) {
    const row = newUserRow(
      { accountId, userName: email, source: 'local', now: new Date().toISOString() },
      { password_hash: await hashPassword(password) },
    );
    await service.deps.database.db.insertInto('account_users').values(row).execute();
    return row.id;
  }

  const defaults = (audit: AuditBody) => audit.entries.filter((e) => e.action === 'backup_login.set');

  test("the owner's first sign-in makes them the backup login: step 7 is green, audited with default: true", async () => {
    const { email } = await signUp('first');
    const client = await signedIn(email);
    const state = (await client.get<Integration>('/api/console/integration')).body;
    expect(state.backupLogin?.email).toBe(email);
    expect(state.steps.find((s) => s.key === 'backup_login')?.state).toBe('green');
    const entries = defaults((await client.get<AuditBody>('/api/console/audit')).body);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.detail).toEqual({ default: true, userId: state.backupLogin?.userId });

    // A second sign-in (another node, another tab) changes nothing and writes nothing.
    const again = await signedIn(email);
    expect((await again.get<Integration>('/api/console/integration')).body.backupLogin?.email).toBe(email);
    expect(defaults((await again.get<AuditBody>('/api/console/audit')).body)).toHaveLength(1);
  });

  test('two qualifying users signing in at once: exactly one becomes the backup login, audited once', async () => {
    const { email, accountId } = await signUp('race');
    const other = `second-${n}@race.example`;
    await addLocalUser(accountId, other);
    const [a, b] = await Promise.all([signedIn(email), signedIn(other)]);
    const seenByA = (await a.get<Integration>('/api/console/integration')).body.backupLogin;
    const seenByB = (await b.get<Integration>('/api/console/integration')).body.backupLogin;
    expect([email, other]).toContain(seenByA?.email);
    expect(seenByB).toEqual(seenByA);
    expect(defaults((await a.get<AuditBody>('/api/console/audit')).body)).toHaveLength(1);
  });

  test('a backup login once chosen is never overwritten by a later sign-in of another qualifying user', async () => {
    const { email, accountId } = await signUp('chosen');
    const owner = await signedIn(email);
    const other = `second-${n}@chosen.example`;
    const otherId = await addLocalUser(accountId, other);
    // The other user signs in once (so they qualify), then the admin chooses them.
    await signedIn(other);
    expect((await owner.get<Integration>('/api/console/integration')).body.backupLogin?.email).toBe(email);
    const chosen = await owner.put<Integration>('/api/console/integration/backup-login', { userId: otherId });
    expect(chosen.status).toBe(200);
    await signedIn(email);
    await signedIn(other);
    expect((await owner.get<Integration>('/api/console/integration')).body.backupLogin?.email).toBe(other);
  });

  test('reading the integration never writes the default (a GET stays a read)', async () => {
    const { email, accountId } = await signUp('read');
    const client = await signedIn(email);
    await service.deps.database.db
      .updateTable('idp_configs')
      .set({ backup_user_id: null })
      .where('account_id', '=', accountId)
      .execute();
    const state = (await client.get<Integration>('/api/console/integration')).body;
    expect(state.backupLogin).toBeNull();
    expect(state.steps.find((s) => s.key === 'backup_login')?.state).toBe('gray');
  });
});
