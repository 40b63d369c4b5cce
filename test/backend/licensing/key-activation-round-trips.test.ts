// What a key activation costs PostgreSQL while it holds the account's lock
// (issue 27 item 7): activations of one account queue on that lock (db/row-locks.ts),
// so every round trip between the lock and COMMIT is paid once per activation by
// the whole tenant. Counted at the driver (a spy on pg's Client.query that lets
// every query through to the real server). SQLite has no round trips to count
// (in-process), so the suite is PostgreSQL's only; seats under concurrency are
// concurrent-activations.test.ts's.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { activateByKey } from '../../../backend/licensing/key-activation.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { licensingContext } from '../../../backend/licensing/licensing-context.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { pgStatementsSentBy } from '../../support/pg-round-trips.ts';
import { startTestService, withoutBackgroundJobs, type TestService } from '../../support/service.ts';

const postgres = testDialects.find((d) => d.name === 'postgres');
const skip = postgres?.skip ?? (postgres ? undefined : 'no PostgreSQL dialect');

describe.skipIf(Boolean(skip))(
  `round trips under the account's lock per key activation [postgres]${skip ? ` — skipped: ${skip}` : ''}`,
  () => {
    let service: TestService;
    let key: string;
    // A still clock: the signing key's 5-second cache (signing-keys.ts) is not outlived between activations.
    const at = new Date();
    const clock = { now: () => new Date(at) };

    beforeAll(async () => {
      if (!postgres) throw new Error(String(skip));
      service = await startTestService(postgres, { clock, env: withoutBackgroundJobs });
      const owner = new ConsoleClient(service.baseUrl);
      const accountId = await owner.signUp('Queued Shop', 'owner@queued.example', 'correct horse battery');
      ({ key } = await addLicense(
        service.deps.database.db,
        clock,
        { accountId, edition: 'business', seats: 50, deviceLimit: 2, expiresAt: '2099-01-01' },
        'test',
      ));
    });
    afterAll(async () => service?.close());

    /**
     * The SQL each real round trip of the activation's connection carried while `work` ran ([name]
     * first for a prepared statement): the connection that took the account's lock (the service's
     * background jobs may use other connections meanwhile).
     */
    async function roundTrips(work: () => Promise<unknown>): Promise<string[]> {
      const sent = await pgStatementsSentBy(async () => {
        await work();
      });
      const locker = sent.find((s) =>
        /from "licenses" where "account_id" = \$1 order by "id" for update/.test(s.text),
      );
      return sent.filter((s) => s.client === locker?.client).map((s) => s.text);
    }

    const activate = (who: string, device = who) =>
      activateByKey(licensingContext(service.deps), {
        licenseKey: key,
        email: `${who}@queued.example`,
        deviceId: `queued-device-${device}-0123456789`,
        deviceName: 'PC',
        os: 'Windows 11',
        appVersion: '1.0.0',
      });

    /** From the statement that takes the account's lock to COMMIT, both included. */
    const underTheLock = (sent: string[]) => {
      const from = sent.findIndex((s) => /for update/i.test(s));
      const to = sent.findIndex((s, i) => i > from && /^commit$/i.test(s.trim()));
      expect(from, sent.join('\n')).toBeGreaterThanOrEqual(0);
      expect(to, sent.join('\n')).toBeGreaterThan(from);
      return sent.slice(from, to + 1);
    };

    test("a new user's activation: 8 round trips from the lock to COMMIT (was 15), each a prepared statement, the signing key not read again", async () => {
      await activate('warm'); // prepares the statements on a connection and reads the signing key
      for (const who of ['ann', 'bo', 'cy']) {
        const locked = underTheLock(await roundTrips(() => activate(who)));
        // The lock (with the licenses), the user, the sublicenses, the place's kept count, the user's
        // live activations, the revocation + new row, the event — and COMMIT (the app invitation is
        // marked before the lock).
        expect(locked, locked.join('\n')).toHaveLength(8);
        expect(
          locked.filter((s) => /signing_keys/.test(s)),
          locked.join('\n'),
        ).toEqual([]);
        expect(locked.slice(0, -1).filter((s) => !/^\[lk_[0-9a-f]{32}\] /.test(s))).toEqual([]);
      }
    });

    test('the same device activated again: the previous activation revoked in the same statement, one seat held', async () => {
      const first = await activate('dee', 'dee-laptop');
      const second = await activate('dee', 'dee-laptop');
      const rows = await service.deps.database.db
        .selectFrom('activations')
        .select(['id', 'revoked_at', 'revoked_reason'])
        .where('device_id', '=', 'queued-device-dee-laptop-0123456789')
        .orderBy('created_at')
        .execute();
      expect(rows.map((r) => [r.id, r.revoked_reason])).toEqual(
        expect.arrayContaining([
          [first.activationId, 'replaced by a new activation'],
          [second.activationId, null],
        ]),
      );
      expect(rows).toHaveLength(2);
    });
  },
);
