// Issue 23 item 7: the console's lists as CSV — as filtered on screen,
// streamed page by page (never the whole table in memory), and safe to open
// in a spreadsheet (OWASP "CSV Injection": a cell beginning with = + - @ tab
// or CR is prefixed with ' and quoted).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newUserRow } from '../../../backend/db/user-row.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { parseCsv } from '../../support/parse-csv.ts';
import { buildListTenant, type ListTenant } from '../../support/list-tenant.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const hostile = ['=HYPERLINK("http://evil.test","x")', '+SUM(1,2)', '-2+3', '@cmd', '\tTabbed', '\rReturn'];
const auditRows = 30_000;

describeEachDatabase('console CSV exports', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;
  let tenant: ListTenant;

  beforeAll(async () => {
    service = await startTestService(dialect);
    owner = new ConsoleClient(service.baseUrl);
    const accountId = await owner.signUp('Acme Co.', 'owner@acme.test', 'correct horse battery');
    await owner.login('owner@acme.test', 'correct horse battery');
    const { db } = service.deps.database;
    const { clock } = service.deps;
    const license = await addLicense(
      db,
      clock,
      { accountId, edition: 'business', seats: 10_000, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
    tenant = await buildListTenant(db, accountId, license.id);
    const now = clock.now().toISOString();
    await db
      .insertInto('account_users')
      .values(
        hostile.map((name, i) =>
          newUserRow(
            { accountId, userName: `inj${i}@acme.test`, source: 'scim', now },
            { display_name: name },
          ),
        ),
      )
      .execute();
    for (let i = 0; i < auditRows; i += 1000)
      await db
        .insertInto('audit_log')
        .values(
          Array.from({ length: 1000 }, (_, k) => ({
            account_id: accountId,
            actor: 'cli',
            action: 'bulk.test',
            target: `target-${i + k}`,
            detail: JSON.stringify({ note: 'x'.repeat(400) }),
            at: new Date(Date.parse('2026-01-01T00:00:00Z') + (i + k) * 1000).toISOString(),
          })),
        )
        .execute();
  }, 180_000);
  afterAll(async () => service?.close());

  async function csv(
    path: string,
  ): Promise<{ status: number; rows: string[][]; text: string; res: Response }> {
    const res = await owner.open(path);
    const text = await res.text();
    return { status: res.status, rows: parseCsv(text), text, res };
  }

  async function listed(path: string, key: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res: { body: Record<string, unknown> } = await owner.get<Record<string, unknown>>(
        `${path}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      );
      items.push(...(res.body[key] as Record<string, unknown>[]));
      cursor = (res.body.nextCursor as string | null) ?? null;
    } while (cursor);
    return items;
  }

  test('a cell beginning with = + - @ tab or CR is written with a leading apostrophe, quoted', async () => {
    const out = await csv('/api/console/export/users.csv?q=inj');
    expect(out.status).toBe(200);
    const displayNames = out.rows.slice(1).map((r) => r[2]);
    expect(displayNames).toEqual(hostile.map((h) => `'${h}`));
    // Quoted on the wire too, so no spreadsheet reads the cell as a formula.
    expect(out.text).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    expect(out.text).toContain(`"'@cmd"`);
  });

  test('the download is named for the account and the day, and asks for a signed-in admin', async () => {
    const out = await csv('/api/console/export/audit.csv?action=activation.revoked');
    expect(out.res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(out.res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="latchkey-acme-co-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const stranger = new ConsoleClient(service.baseUrl);
    expect((await stranger.open('/api/console/export/users.csv')).status).toBe(401);
    const bad = await owner.get<{ error: { field: string } }>('/api/console/export/devices.csv?user=nope');
    expect([bad.status, bad.body.error.field]).toEqual([400, 'user']);
  });

  test('each CSV holds exactly the list as filtered on screen', async () => {
    const group = `/api/console/directory/users?group=${tenant.groupId}`;
    const users = await csv(`/api/console/export/users.csv?group=${tenant.groupId}`);
    expect(users.rows[0]?.slice(0, 2)).toEqual(['User name', 'Email']);
    expect(users.rows.slice(1).map((r) => r[0])).toEqual(
      (await listed(group, 'users')).map((u) => u.userName),
    );

    const devices = await csv(`/api/console/export/devices.csv?user=${tenant.target.id}`);
    expect(devices.rows.slice(1).map((r) => r[1])).toEqual(["Zoe's Mac 0", "Zoe's Mac 1", "Zoe's Mac 2"]);
    const ofLicense = await csv(`/api/console/export/devices.csv?license=${tenant.licenseId}`);
    expect(ofLicense.rows.slice(1).map((r) => r[10])).toEqual(
      (await listed(`/api/console/activations?license=${tenant.licenseId}`, 'activations')).map((a) => a.id),
    );

    const log = await csv('/api/console/export/activation-log.csv?email=user0042&outcome=failure');
    const shown = await listed('/api/console/attempts?email=user0042&outcome=failure', 'attempts');
    expect(log.rows.slice(1).map((r) => Number(r[0]))).toEqual(shown.map((a) => a.id));
    expect(log.rows.slice(1).every((r) => r[5] === 'USER_NOT_IN_GROUP')).toBe(true);
  });

  // How far a paused client lets the service read ahead depends on the loopback's buffers (27 of 60
  // pages on SQLite, 11 on PostgreSQL here; all 60 once on a busy machine), so that is not asserted
  // here: csv-stream.test.ts shows the writer reads one page per chunk the connection asks for.
  test('a large export is read from the database page by page, 500 rows a page, every row once', async () => {
    const database = service.deps.database;
    const before = database.onQuery;
    let pagesRead = 0;
    database.onQuery = (ms, sqlText) => {
      before?.(ms, sqlText);
      if (/from "audit_log"/.test(sqlText)) pagesRead++;
    };
    try {
      const res = await owner.open('/api/console/export/audit.csv?action=bulk.test');
      const rows = parseCsv(await res.text()).slice(1);
      expect(rows).toHaveLength(auditRows);
      expect(new Set(rows.map((r) => r[3])).size).toBe(auditRows);
      // One read per page of 500 (and the last, empty or short, page): never the table at once.
      expect(pagesRead).toBeGreaterThanOrEqual(auditRows / 500);
      expect(pagesRead).toBeLessThanOrEqual(auditRows / 500 + 1);
    } finally {
      database.onQuery = before;
    }
  });
});
