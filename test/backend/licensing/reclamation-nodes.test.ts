// The scheduled reclamation across two service nodes on one database (issue 23
// item 2): both nodes tick every 0.2 s, the database's lease decides which one
// runs the job, the job runs once in its period, no device is released twice,
// and devices that check in while the run is under way are kept.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { clientAddress, requestJson } from '../../support/loopback-client.ts';
import { startSecondNode, type SecondNode } from '../../support/second-node.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { testDialects } from '../../support/databases.ts';
import { describe } from 'vitest';

type Issued = { activationId: string; activationSecret: string };
const day = 86_400_000;
const postgres = testDialects.find((d) => d.name === 'postgres');
// Fewer than a run reads at once (500): every device is a candidate before any check-in below.
const bulk = 450;

describe.skipIf(!postgres || Boolean(postgres.skip))(
  `reclamation runs once across two nodes [postgres]${postgres?.skip ? ` — skipped: ${postgres.skip}` : ''}`,
  () => {
    let service: TestService;
    const nodes: SecondNode[] = [];
    let licenseId: string;
    const checkers: Issued[] = [];

    beforeAll(async () => {
      if (!postgres) return;
      // This node's own timer stays off (the default asks every 300 s): the two spawned nodes race.
      service = await startTestService(postgres);
      const owner = new ConsoleClient(service.baseUrl);
      const accountId = await owner.signUp('Two Nodes', 'owner@nodes.example', 'correct horse battery');
      await owner.login('owner@nodes.example', 'correct horse battery');
      const { db } = service.deps.database;
      const license = await addLicense(
        db,
        service.deps.clock,
        { accountId, edition: 'business', seats: 5000, deviceLimit: 100, expiresAt: '2099-01-01' },
        'test',
      );
      licenseId = license.id;
      for (let i = 0; i < 30; i++) {
        const res = await requestJson<Issued>(`${service.baseUrl}/api/v1/activations/by-key`, {
          body: {
            licenseKey: license.key,
            email: `user${i}@nodes.example`,
            deviceId: `node-device-${i}-0123456789`,
            deviceName: `Mac ${i}`,
            os: 'macOS 15',
            appVersion: '1.0.0',
          },
          // One client address each: the per-address limit on activations is not what is tested here.
          from: clientAddress(i),
        });
        expect(res.status).toBe(201);
        checkers.push(res.body);
      }
      const now = service.deps.clock.now().getTime();
      // These 30 were silent 15 days: the run reaches them last (oldest check-in first).
      await db
        .updateTable('activations')
        .set({ last_checkin_at: new Date(now - 15 * day).toISOString() })
        .where('license_id', '=', licenseId)
        .execute();
      const template = await db
        .selectFrom('activations')
        .selectAll()
        .where('id', '=', checkers[0]?.activationId ?? '')
        .executeTakeFirstOrThrow();
      // The bulk, silent 20 days, written directly (their apps never check in here).
      const rows = Array.from({ length: bulk }, (_, i) => ({
        ...template,
        id: randomUUID(),
        device_id: `bulk-device-${i}-0123456789`,
        device_name: `Bulk ${i}`,
        secret_hash: null,
        last_checkin_at: new Date(now - 20 * day - i * 1000).toISOString(),
      }));
      for (let i = 0; i < rows.length; i += 500)
        await db
          .insertInto('activations')
          .values(rows.slice(i, i + 500))
          .execute();
      expect(
        (await owner.put(`/api/console/licenses/${licenseId}/reclamation`, { silentDays: 14 })).status,
      ).toBe(200);
    }, 120_000);
    afterAll(async () => {
      for (const node of nodes) await node.stop();
      await service?.close();
    });

    test(
      'one node runs it, each device is released once, devices checking in during the run are kept',
      { timeout: 120_000 },
      async () => {
        const { db } = service.deps.database;
        process.env.LATCHKEY_RECLAIM_CHECK_SECONDS = '0.2';
        try {
          nodes.push(...(await Promise.all([startSecondNode(service), startSecondNode(service)])));
        } finally {
          delete process.env.LATCHKEY_RECLAIM_CHECK_SECONDS;
        }
        // Wait until a node holds the job, then check the 30 devices in while it runs.
        const lease = async () =>
          db.selectFrom('job_leases').selectAll().where('name', '=', 'reclamation').executeTakeFirst();
        const deadline = Date.now() + 60_000;
        while (!(await lease())?.holder && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        const holder = (await lease())?.holder;
        expect(holder).toBeTruthy();
        const statuses = await Promise.all(
          checkers.map(
            async (a, i) =>
              (
                await requestJson(`${service.baseUrl}/api/v1/activations/${a.activationId}/check-in`, {
                  token: a.activationSecret,
                  from: clientAddress(100 + i),
                })
              ).status,
          ),
        );
        const checkedInAt = Date.now();
        while (!(await lease())?.last_run_at && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
        const finished = await lease();
        expect(finished?.last_run_at).toBeTruthy();
        // The check-ins came back while the run was still under way (its last audit entry is later).
        const audits = await db
          .selectFrom('audit_log')
          .select(['target', 'detail', 'at'])
          .where('action', '=', 'activation.reclaimed')
          .execute();
        const lastRelease = Math.max(...audits.map((a) => Date.parse(a.at)));
        expect(lastRelease).toBeGreaterThan(checkedInAt);
        expect(statuses).toEqual(checkers.map(() => 200));

        // Each bulk device released exactly once, by the one node that held the lease.
        expect(audits).toHaveLength(bulk);
        expect(new Set(audits.map((a) => a.target)).size).toBe(bulk);
        expect(new Set(audits.map((a) => (JSON.parse(a.detail) as { node: string }).node))).toEqual(
          new Set([holder]),
        );
        const byState = await db
          .selectFrom('activations')
          .select(['revoked_code', (eb) => eb.fn.countAll<string>().as('n')])
          .where('license_id', '=', licenseId)
          .groupBy('revoked_code')
          .execute();
        expect(Object.fromEntries(byState.map((r) => [r.revoked_code ?? 'active', Number(r.n)]))).toEqual({
          DEVICE_RECLAIMED: bulk,
          active: checkers.length,
        });

        // Both nodes keep ticking: within the period nobody runs it again.
        await new Promise((r) => setTimeout(r, 1500));
        expect((await lease())?.last_run_at).toBe(finished?.last_run_at);
        expect(
          await db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('action', '=', 'activation.reclaimed')
            .executeTakeFirstOrThrow(),
        ).toEqual({ n: String(bulk) });
      },
    );
  },
);
