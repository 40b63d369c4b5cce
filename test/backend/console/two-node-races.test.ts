// The console's one-winner races (issue 22) between two service nodes, each
// its own process on one database: registering one license key from two
// accounts, and accepting one invitation link twice. Each is settled by one
// conditional write in the database, so the outcome must not depend on
// which node answers (test/support/second-node.ts).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { InvitationAccepted, IssuedInvitationLink } from '../../../common/console-api.ts';
import { issueLicenseKey } from '../../../backend/licensing/license-registration.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startSecondNode, type SecondNode } from '../../support/second-node.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface ErrorBody {
  error: { code: string };
}
const terms = { edition: 'enterprise' as const, seats: 25, deviceLimit: 2, expiresAt: '2099-06-30' };

describeEachDatabase('one winner across two nodes', (dialect) => {
  let service: TestService;
  let second: SecondNode;
  let onFirst: ConsoleClient;
  let onSecond: ConsoleClient;
  let firstAccount: string;
  let secondAccount: string;

  beforeAll(async () => {
    service = await startTestService(dialect);
    second = await startSecondNode(service);
    onFirst = new ConsoleClient(service.baseUrl);
    firstAccount = await onFirst.signUp('First Node Shop', 'owner@first.test', 'correct horse battery');
    expect((await onFirst.login('owner@first.test', 'correct horse battery')).status).toBe(200);
    // sign-up is open on the test service only; the owner then signs in on the second node
    secondAccount = await new ConsoleClient(service.baseUrl).signUp(
      'Second Node Shop',
      'owner@second.test',
      'correct horse battery',
    );
    onSecond = new ConsoleClient(second.baseUrl);
    expect((await onSecond.login('owner@second.test', 'correct horse battery')).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await service?.close();
  });

  test('two accounts register one key on two nodes at once: exactly one holds it, every time', async () => {
    for (let round = 0; round < 8; round += 1) {
      const { key } = await issueLicenseKey(service.deps.database.db, service.deps.clock, terms, 'cli');
      const [a, b] = await Promise.all([
        onFirst.post<ErrorBody>('/api/console/licenses', { key }),
        onSecond.post<ErrorBody>('/api/console/licenses', { key }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect((a.status === 409 ? a : b).body.error.code).toBe('license_key_registered_elsewhere');
      const holders = await service.deps.database.db
        .selectFrom('licenses')
        .select('account_id')
        .where('license_key', '=', key)
        .execute();
      expect(holders).toEqual([{ account_id: a.status === 201 ? firstAccount : secondAccount }]);
    }
  });

  test('one invitation link accepted on both nodes at once: one password is set, the other is told the link is used', async () => {
    for (let round = 0; round < 5; round += 1) {
      const email = `invitee${round}@first.test`;
      const issued = await onFirst.post<IssuedInvitationLink>('/api/console/invitations', {
        email,
        role: 'console_admin',
      });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      const token = issued.body.link.slice(issued.body.link.indexOf('#') + 1);
      const accept = (baseUrl: string, password: string) =>
        new ConsoleClient(baseUrl).post<InvitationAccepted & ErrorBody>('/api/console/invitation/accept', {
          token,
          password,
        });
      const [a, b] = await Promise.all([
        accept(service.baseUrl, 'first node password'),
        accept(second.baseUrl, 'second node password'),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 410]);
      const winner = a.status === 200 ? 'first node password' : 'second node password';
      const loser = a.status === 200 ? 'second node password' : 'first node password';
      expect((await new ConsoleClient(second.baseUrl).login(email, winner)).status).toBe(200);
      expect((await new ConsoleClient(service.baseUrl).login(email, loser)).status).toBe(401);
    }
  });
});
