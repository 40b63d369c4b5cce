// Issue 24 item 1: two nodes (two connection pools on one PostgreSQL database,
// really concurrent) run the detectors and the metadata failure at the same
// moment, several times over: every state change is told exactly once. Run
// both with and without the lease: the lease only saves work, the detector
// state's conditional upsert is what decides.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { certificateFor, createSelfSignedKeys } from '../../../backend/crypto/self-signed.ts';
import { openDatabase, type DatabaseHandle } from '../../../backend/db/connect.ts';
import { runDetectors, tickDetectors } from '../../../backend/integration/detectors-job.ts';
import { recordMetadataFailure } from '../../../backend/integration/metadata-streak.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { accountEvents } from '../../support/event-schemas.ts';
import { startTestService, type TestService } from '../../support/service.ts';

const postgres = testDialects.find((d) => d.name === 'postgres');
const day = 86_400_000;
const accounts = 12;
const quiet = { info: () => {} };

describe.skipIf(!postgres || Boolean(postgres.skip))(
  `event detectors on two nodes at once [postgres]${postgres?.skip ? ` — skipped: ${postgres.skip}` : ''}`,
  () => {
    let service: TestService;
    let second: DatabaseHandle;
    const ids: string[] = [];

    beforeAll(async () => {
      if (!postgres) return;
      service = await startTestService(postgres, { env: { LATCHKEY_DETECT_EVERY_MINUTES: '0' } });
      second = openDatabase(service.deps.config.databaseUrl);
      const keys = await createSelfSignedKeys('IdP two nodes');
      const now = Date.now();
      const expiring = await certificateFor(keys.privateKey, 'IdP expiring', {
        notBefore: new Date(now - 400 * day),
        notAfter: new Date(now + 5 * day),
      });
      const expired = await certificateFor(keys.privateKey, 'IdP expired', {
        notBefore: new Date(now - 400 * day),
        notAfter: new Date(now - day),
      });
      const { db } = service.deps.database;
      for (let i = 0; i < accounts; i++) {
        const owner = new ConsoleClient(service.baseUrl);
        const id = await owner.signUp(`Nodes ${i}`, `owner${i}@nodes${i}.example`, 'correct horse battery');
        ids.push(id);
        await db
          .updateTable('idp_configs')
          .set({ certificates: JSON.stringify([expiring, expired]) })
          .where('account_id', '=', id)
          .execute();
        // A directory last heard 25 hours ago.
        await db
          .insertInto('scim_health')
          .values({
            account_id: id,
            last_request_at: new Date(now - 25 * 3_600_000).toISOString(),
            last_method: 'GET',
            last_path: '/scim/v2/Users',
            last_status: 200,
            last_error_at: null,
            last_error_status: null,
            last_error_path: null,
          })
          .execute();
      }
    }, 120_000);
    afterAll(async () => {
      await second?.close();
      await service?.close();
    });

    test('each certificate stage, SCIM silence and metadata streak is told once across both nodes', async () => {
      const nodes = [service.deps.database.db, second.db];
      const clock = service.deps.clock;
      for (let round = 0; round < 3; round++) {
        await Promise.all(nodes.map((db) => runDetectors(db, clock)));
        const ran = await Promise.all(
          nodes.map((db, n) => tickDetectors(db, clock, quiet, { everyMinutes: 15, node: `node-${n}` })),
        );
        // The lease: at most one node runs in a period (the first round: exactly one).
        expect(ran.filter(Boolean).length).toBeLessThanOrEqual(1);
        if (round === 0) expect(ran.filter(Boolean)).toHaveLength(1);
        await Promise.all(
          ids.flatMap((id) =>
            nodes.map((db) =>
              recordMetadataFailure(
                { db, clock, publicUrl: service.deps.config.publicUrl, mode: 'production' },
                id,
                'https://idp.nodes.example/metadata',
                'the metadata URL answered HTTP 502',
              ),
            ),
          ),
        );
      }
      const counts = new Map<string, number>();
      for (const id of ids) {
        const events = await accountEvents(service.deps.database.db, id);
        const told = events
          .filter((e) => e.type !== 'user.provisioned')
          .map((e) => `${e.type}${e.type === 'certificate.expiring' ? `:${String(e.data.daysLeft)}` : ''}`)
          .sort();
        expect(told, id).toEqual([
          'certificate.expired',
          'certificate.expiring:7',
          'metadata.fetch_failed',
          'scim.silent',
        ]);
        for (const t of told) counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      expect(Object.fromEntries(counts)).toEqual({
        'certificate.expired': accounts,
        'certificate.expiring:7': accounts,
        'metadata.fetch_failed': accounts,
        'scim.silent': accounts,
      });
    });
  },
);
