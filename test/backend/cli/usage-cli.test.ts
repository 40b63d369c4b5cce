// `latchkey-server usage`: the Usage page from the command line, against the
// database of a running service — the summary and a table by default, the
// page as JSON with --json, --idle-days as the "idle for" filter, exit 2 on bad input.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemClock } from '../../../backend/clock.ts';
import type { UsagePage, UsageSummary } from '../../../common/console-usage.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { runServerCli } from '../../support/server-cli.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { tenantBuilder } from '../../support/usage-tenant.ts';

describeEachDatabase('latchkey-server usage', (dialect) => {
  let service: TestService;
  let accountId: string;
  const id = { laptop: '', desktop: '' };

  beforeAll(async () => {
    service = await startTestService(dialect);
    const owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Acme', 'owner@acme.test', 'correct horse battery');
    const t = tenantBuilder(service.deps.database.db, systemClock, accountId);
    const license = await t.license(25);
    const alice = await t.user('alice@acme.test', 'Alice Anders');
    id.laptop = await t.device(alice, license, { silentDays: 2, name: 'Alice laptop' });
    id.desktop = await t.device(await t.user('bob@acme.test'), license, {
      silentDays: 45,
      name: 'Bob desktop',
    });
  }, 60_000);
  afterAll(async () => service?.close());

  const usage = (args: string[]) => runServerCli(service.deps.config, args);

  test('the summary and one line per device, active or idle in words', async () => {
    const run = await usage(['usage', '--account', accountId]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^devices: 1 active, 1 idle \(idle = no check-in for 30 days\)$/m);
    expect(run.stdout).toMatch(/^license \S+ \(business\): 2 of 25 seats held$/m);
    expect(run.stdout).toMatch(/^active\s+2d\s.*alice@acme\.test\s+Alice laptop/m);
    expect(run.stdout).toMatch(/^idle\s+45d\s.*bob@acme\.test\s+Bob desktop/m);
  });

  test('--idle-days 30 --json: only the device silent 45 days, as the API page', async () => {
    const run = await usage(['--json', 'usage', '--account', accountId, '--idle-days', '30']);
    expect(run.code).toBe(0);
    const page = JSON.parse(run.stdout) as UsagePage & { summary: UsageSummary | null };
    expect(page.order).toBe('longest-silent');
    expect(page.items.map((r) => [r.activationId, r.state])).toEqual([[id.desktop, 'idle']]);
    expect(page.summary?.devices).toEqual({ active: 1, idle: 1 });
  });

  test('a bad --idle-days is bad input: exit 2, the option named', async () => {
    const run = await usage(['usage', '--account', accountId, '--idle-days', 'soon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--idle-days/);
  });
});
