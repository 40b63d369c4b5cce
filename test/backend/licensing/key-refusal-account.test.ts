// Issue 23 item 4 (found building the denials report): a key activation
// refused after its key named a license — no seat free — was logged with no
// account, so the account's activation log and denials never showed it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import type { DenialsReport } from '../../../common/console-dashboard.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('a refused key activation is logged in its license’s account', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;
  let key: string;

  beforeAll(async () => {
    service = await startTestService(dialect);
    owner = new ConsoleClient(service.baseUrl);
    const accountId = await owner.signUp('Key Co', 'owner@keyco.test', 'correct horse battery');
    await owner.login('owner@keyco.test', 'correct horse battery');
    key = (
      await addLicense(
        service.deps.database.db,
        service.deps.clock,
        { accountId, edition: 'business', seats: 1, deviceLimit: 3, expiresAt: '2099-01-01' },
        'test',
      )
    ).key;
  }, 60_000);
  afterAll(async () => service?.close());

  const activate = (email: string, n: number) =>
    fetch(`${service.baseUrl}/api/v1/activations/by-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        licenseKey: key,
        email,
        deviceId: `key-refusal-device-${n}-0123456789`,
        deviceName: 'Mac',
        os: 'macOS 15',
        appVersion: '1.0.0',
      }),
    });

  test('the second person finds no seat: the admin sees who and why in the log and in Denials', async () => {
    expect((await activate('first@keyco.test', 1)).status).toBe(201);
    expect((await activate('second@keyco.test', 2)).status).toBe(403);
    const log = await owner.get<{ attempts: { email: string; code: string; outcome: string }[] }>(
      '/api/console/activation-log',
    );
    expect(log.body.attempts).toContainEqual(
      expect.objectContaining({ email: 'second@keyco.test', code: 'NO_SEATS_AVAILABLE', outcome: 'failure' }),
    );
    const denials = await owner.get<DenialsReport>('/api/console/denials?days=1');
    expect(denials.body.users).toEqual([
      expect.objectContaining({ email: 'second@keyco.test', code: 'NO_SEATS_AVAILABLE', count: 1 }),
    ]);
  });
});
