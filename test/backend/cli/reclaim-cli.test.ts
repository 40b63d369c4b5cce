// `latchkey-server reclaim --account … [--license …] [--dry-run] [--json]`
// (issue 23 item 2) against a running service's database: the dry run lists
// and counts what the run then releases; bad options exit 2.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ReclamationPreview, ReclamationRun } from '../../../common/console-api.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { setReclamationPolicy } from '../../../backend/licensing/reclamation-policy.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { clientAddress, requestJson } from '../../support/loopback-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { runServerCli } from '../../support/server-cli.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('latchkey-server reclaim', (dialect) => {
  let service: TestService;
  let accountId: string;

  beforeAll(async () => {
    service = await startTestService(dialect);
    accountId = await new ConsoleClient(service.baseUrl).signUp(
      'Cli Shop',
      'owner@cli.example',
      'correct horse battery',
    );
    const { db } = service.deps.database;
    const license = await addLicense(
      db,
      service.deps.clock,
      { accountId, edition: 'business', seats: 10, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
    const now = service.deps.clock.now().getTime();
    // ann: 2 devices silent 40 and 35 days; bob: 1 silent 60; cy: 1 checked in yesterday.
    for (const [i, [email, days]] of (
      [
        ['ann@cli.example', 40],
        ['ann@cli.example', 35],
        ['bob@cli.example', 60],
        ['cy@cli.example', 1],
      ] as const
    ).entries()) {
      const issued = await requestJson<{ activationId: string }>(
        `${service.baseUrl}/api/v1/activations/by-key`,
        {
          body: {
            licenseKey: license.key,
            email,
            deviceId: `cli-device-${i}-0123456789`,
            deviceName: `Mac ${i}`,
            os: 'macOS 15',
            appVersion: '1.0.0',
          },
          from: clientAddress(i),
        },
      );
      expect(issued.status).toBe(201);
      await db
        .updateTable('activations')
        .set({ last_checkin_at: new Date(now - days * 86_400_000).toISOString() })
        .where('id', '=', issued.body.activationId)
        .execute();
    }
    await setReclamationPolicy(db, service.deps.clock, accountId, license.id, 30, 'test');
  });
  afterAll(async () => service?.close());

  const cli = (args: string[]) => runServerCli(service.deps.config, args);

  test('--dry-run says what would go and releases nothing; the run releases exactly that', async () => {
    const dry = await cli(['reclaim', '--account', accountId, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^3 devices of 2 users would be released \(dry run, as of /);
    expect(dry.stdout).toMatch(/^ {2}bob@cli\.example {2}Mac 2 \(macOS 15\) {2}silent 60 days/m);
    const json = await cli(['--json', 'reclaim', '--account', accountId, '--dry-run']);
    const preview = JSON.parse(json.stdout) as ReclamationPreview;
    expect(preview).toMatchObject({ devices: 3, users: 2 });
    expect(preview.list.map((d) => d.silentDays)).toEqual([60, 40, 35]);

    const run = await cli(['--json', 'reclaim', '--account', accountId]);
    expect(run.code).toBe(0);
    const released = JSON.parse(run.stdout) as ReclamationRun;
    expect(released).toMatchObject({ released: 3, users: 2, kept: 0 });
    expect(released.list.map((d) => d.activationId)).toEqual(preview.list.map((d) => d.activationId));
    const audited = await service.deps.database.db
      .selectFrom('audit_log')
      .select(['actor', 'target'])
      .where('action', '=', 'activation.reclaimed')
      .execute();
    expect(audited).toHaveLength(3);
    expect(audited.every((a) => a.actor === 'cli')).toBe(true);
    expect((await cli(['reclaim', '--account', accountId])).stdout).toMatch(/^released 0 devices of 0 users/);
  });

  test('bad options exit 2 with the option named; a license of another account is not found', async () => {
    const bad = await cli(['--json', 'reclaim', '--account', 'nope', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'invalid_input' } });
    expect(bad.stderr).toContain('account');
    const missing = await cli([
      'reclaim',
      '--account',
      accountId,
      '--license',
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such license in this account');
  });
});
