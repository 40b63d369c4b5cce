// `latchkey-server set-overage` (issue 23 item 3): the same rule, validation
// and audit as the console's setting, for operators who script licenses.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { runServerCli } from '../../support/server-cli.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('latchkey-server set-overage', (dialect) => {
  let service: TestService;
  let licenseId: string;
  beforeAll(async () => {
    service = await startTestService(dialect);
    const accountId = await new ConsoleClient(service.baseUrl).signUp(
      'Cli Over Co',
      'owner@cli-over.example',
      'correct horse battery',
    );
    licenseId = (
      await addLicense(
        service.deps.database.db,
        service.deps.clock,
        { accountId, edition: 'business', seats: 25, deviceLimit: 3, expiresAt: '2099-01-01' },
        'test',
      )
    ).id;
  });
  afterAll(async () => service?.close());

  const cli = (args: string[]) => runServerCli(service.deps.config, args);

  test('sets the percent, prints the ceiling (--json too), and audits it as the CLI', async () => {
    const run = await cli(['set-overage', '--license', licenseId, '--percent', '20']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/up to 20 % over 25 seats, at most 30 seat holders/);
    const json = await cli(['--json', 'set-overage', '--license', licenseId, '--percent', '0']);
    expect(JSON.parse(json.stdout)).toEqual({ licenseId, percent: 0, seats: 25, ceiling: 25 });
    const audit = await service.deps.database.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'license.overage_set')
      .where('target', '=', licenseId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.actor, JSON.parse(a.detail) as unknown])).toEqual([
      ['cli', { from: 0, to: 20, seats: 25, ceiling: 30 }],
      ['cli', { from: 20, to: 0, seats: 25, ceiling: 25 }],
    ]);
  });

  test('bad input is exit 2 with the reason; an unknown license is refused', async () => {
    for (const percent of ['101', '12.5']) {
      const run = await cli(['set-overage', '--license', licenseId, '--percent', percent]);
      expect(run.code, percent).toBe(2);
      expect(run.stderr, percent).toMatch(/percent: must be/);
    }
    const unknown = await cli([
      'set-overage',
      '--license',
      '00000000-0000-4000-8000-00000000abcd',
      '--percent',
      '10',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no license/);
  });
});
