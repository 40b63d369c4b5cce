// The service's own timer runs the detectors (backend/server.ts,
// LATCHKEY_DETECT_EVERY_MINUTES): a certificate with 5 days left is told by the
// running service without anyone asking, and only once over many runs.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { certificateFor, createSelfSignedKeys } from '../../../backend/crypto/self-signed.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { accountEvents } from '../../support/event-schemas.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const day = 86_400_000;

describeEachDatabase('the detectors run on the service schedule', (dialect) => {
  let service: TestService;

  beforeAll(async () => {
    // Every 0.01 minutes (0.6 s): many runs within the test.
    service = await startTestService(dialect, { env: { LATCHKEY_DETECT_EVERY_MINUTES: '0.01' } });
  }, 60_000);
  afterAll(async () => service?.close());

  test('a certificate 5 days from its end is told by the timer, once', async () => {
    const owner = new ConsoleClient(service.baseUrl);
    const accountId = await owner.signUp('Timer', 'owner@timer.example', 'correct horse battery');
    const keys = await createSelfSignedKeys('IdP timer');
    const cert = await certificateFor(keys.privateKey, 'IdP timer', {
      notBefore: new Date(Date.now() - 300 * day),
      notAfter: new Date(Date.now() + 5 * day),
    });
    const { db } = service.deps.database;
    await db
      .updateTable('idp_configs')
      .set({ certificates: JSON.stringify([cert]) })
      .where('account_id', '=', accountId)
      .execute();
    const told = async () =>
      (await accountEvents(db, accountId)).filter((e) => e.type.startsWith('certificate.'));
    const deadline = Date.now() + 15_000;
    while ((await told()).length === 0 && Date.now() < deadline) await sleep(200);
    // A few more periods: nothing new.
    await sleep(2_500);
    expect((await told()).map((e) => [e.type, e.data.daysLeft])).toEqual([['certificate.expiring', 7]]);
    const lease = await db
      .selectFrom('job_leases')
      .select('last_run_at')
      .where('name', '=', 'event-detectors')
      .executeTakeFirst();
    expect(lease?.last_run_at).toBeTruthy();
  }, 30_000);
});
