// Issue 23 item 3, "Over the count, on purpose": a license may allow P % over
// its seat count. Off by default (today's behaviour); the extra seats are the
// license's, shared by its desktop-users pool and its sublicenses once their
// own seats are full, so a group's reserved seats stay its own; every
// activation above the count is flagged on the activation and in the log; at
// the ceiling the next one is refused with the seat code, as at the count today.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import type { LicenseUsage } from '../../../common/console-directory.ts';
import type { Activation } from '../../../common/console-api.ts';
import { activateDevice, type LicensingContext } from '../../../backend/licensing/activations.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { clientAddress, requestJson, type JsonReply } from '../../support/loopback-client.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const day = 86_400_000;
const device = (n: string) => ({
  deviceId: `device-${n}-0123456789abcdef`,
  deviceName: `Mac ${n}`,
  os: 'macOS 15',
  appVersion: '1.0.0',
});
type KeyReply = JsonReply<{ activationId?: string; activationSecret?: string; error?: { code: string } }>;

describeEachDatabase('overage: P % over the seat count, on purpose', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;
  let accountId: string;
  let address = 100;

  beforeAll(async () => {
    service = await startTestService(dialect);
    owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Over Co', 'owner@over.example', 'correct horse battery');
    await owner.login('owner@over.example', 'correct horse battery');
  });
  afterAll(async () => service?.close());

  const ctx = (): LicensingContext => ({
    db: service.deps.database.db,
    clock: service.deps.clock,
    masterKey: service.deps.masterKey,
    publicUrl: service.deps.config.publicUrl,
    leaseMs: 14 * day,
    renewAfterMs: day,
  });
  const newLicense = (seats: number, forAccount = accountId) =>
    addLicense(
      service.deps.database.db,
      service.deps.clock,
      { accountId: forAccount, edition: 'business', seats, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
  const byKey = (key: string, email: string, n: string) =>
    requestJson<KeyReply['body']>(`${service.baseUrl}/api/v1/activations/by-key`, {
      body: { licenseKey: key, email, ...device(n) },
      from: clientAddress(address++),
    });
  const codeOf = (r: KeyReply) => (r.status === 201 ? 'OK' : (r.body.error?.code ?? String(r.status)));
  const flagOf = async (activationId: string | undefined) =>
    Number(
      (
        await service.deps.database.db
          .selectFrom('activations')
          .select('over_count')
          .where('id', '=', activationId ?? '')
          .executeTakeFirstOrThrow()
      ).over_count,
    );

  test('the setting is validated: 400 with the field for anything but a whole percent 0..100, 404 for a license not in the account', async () => {
    const license = await newLicense(5);
    const path = `/api/console/licenses/${license.id}/overage`;
    for (const body of [{ percent: -1 }, { percent: 101 }, { percent: 12.5 }, { percent: '25' }, {}]) {
      const res = await owner.put<{ error: { code: string; field?: string } }>(path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toBe('percent');
    }
    expect((await owner.put(path, { percent: 10, extra: 1 })).status).toBe(400);
    expect((await owner.put(`/api/console/licenses/not-a-uuid/overage`, { percent: 10 })).status).toBe(400);
    const other = new ConsoleClient(service.baseUrl);
    const otherAccount = await other.signUp('Other Co', 'owner@other-over.example', 'correct horse battery');
    const theirs = await newLicense(5, otherAccount);
    const res = await owner.put<{ error: { code: string } }>(`/api/console/licenses/${theirs.id}/overage`, {
      percent: 10,
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('license_not_found');
    const listed = await owner.get<{ licenses: { id: string; overagePercent: number }[] }>(
      '/api/console/licenses',
    );
    expect(listed.body.licenses.find((l) => l.id === license.id)?.overagePercent).toBe(0);
  });

  test('setting it is audited with the old and new percent and shows on the license', async () => {
    const license = await newLicense(20);
    const res = await owner.put(`/api/console/licenses/${license.id}/overage`, { percent: 50 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ licenseId: license.id, percent: 50, seats: 20, ceiling: 30 });
    const audit = await owner.get<{ entries: { action: string; target: string; detail: unknown }[] }>(
      '/api/console/audit',
    );
    const entry = audit.body.entries.find((e) => e.action === 'license.overage_set');
    expect(entry).toMatchObject({ target: license.id, detail: { from: 0, to: 50, seats: 20, ceiling: 30 } });
    const listed = await owner.get<{ licenses: { id: string; overagePercent: number }[] }>(
      '/api/console/licenses',
    );
    expect(listed.body.licenses.find((l) => l.id === license.id)?.overagePercent).toBe(50);
  });

  test('off by default: at the seat count the next user is refused, and no activation is flagged', async () => {
    const license = await newLicense(2);
    const a = await byKey(license.key, 'a@off.example', 'off-a');
    const b = await byKey(license.key, 'b@off.example', 'off-b');
    expect([codeOf(a), codeOf(b)]).toEqual(['OK', 'OK']);
    expect(codeOf(await byKey(license.key, 'c@off.example', 'off-c'))).toBe('NO_SEATS_AVAILABLE');
    expect([await flagOf(a.body.activationId), await flagOf(b.body.activationId)]).toEqual([0, 0]);
  });

  test('50 % over 4 seats: 6 users hold one, the 5th and 6th flagged (row and log), the 7th refused; a holder adds a device at the ceiling', async () => {
    const license = await newLicense(4);
    await owner.put(`/api/console/licenses/${license.id}/overage`, { percent: 50 });
    const replies: KeyReply[] = [];
    for (let i = 1; i <= 6; i++) replies.push(await byKey(license.key, `u${i}@fifty.example`, `fifty-${i}`));
    expect(replies.map(codeOf)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'OK']);
    const flags = await Promise.all(replies.map((r) => flagOf(r.body.activationId)));
    expect(flags).toEqual([0, 0, 0, 0, 1, 1]);
    const refused = await byKey(license.key, 'u7@fifty.example', 'fifty-7');
    expect(codeOf(refused)).toBe('NO_SEATS_AVAILABLE');
    // A user who holds a seat takes no new one: their second device is let in at the ceiling.
    const second = await byKey(license.key, 'u1@fifty.example', 'fifty-1b');
    expect(codeOf(second)).toBe('OK');
    expect(await flagOf(second.body.activationId)).toBe(0);
    const log = (
      await service.deps.database.db
        .selectFrom('activation_attempts')
        .select(['account_id', 'outcome', 'code', 'evidence'])
        .where('email', 'like', '%@fifty.example')
        .execute()
    ).map((r) => ({ ...r, evidence: JSON.parse(r.evidence) as Record<string, unknown> }));
    const successes = log.filter((a) => a.outcome === 'success' && a.account_id === accountId);
    const over = successes.filter((a) => a.evidence.overCount === true);
    expect(over.map((a) => a.evidence.activationId).sort()).toEqual(
      [replies[4]?.body.activationId, replies[5]?.body.activationId].sort(),
    );
    const refusal = log.find((a) => a.code === 'NO_SEATS_AVAILABLE');
    expect(refusal?.evidence).toMatchObject({ overage: { percent: 50, ceiling: 6 } });
    const usage = await owner.get<{ usage: LicenseUsage[] }>('/api/console/license-usage');
    expect(usage.body.usage.find((u) => u.licenseId === license.id)).toMatchObject({
      seatsUsed: 6,
      overSeats: 2,
      ceiling: 6,
    });
    const devices = await owner.get<{ activations: Activation[] }>(
      `/api/console/activations?license=${license.id}`,
    );
    expect(
      devices.body.activations
        .filter((d) => d.overCount)
        .map((d) => d.id)
        .sort(),
    ).toEqual([replies[4]?.body.activationId, replies[5]?.body.activationId].sort());
  });

  test('lowering it revokes no one: the devices above the count keep checking in, new users are refused', async () => {
    const license = await newLicense(1);
    await owner.put(`/api/console/licenses/${license.id}/overage`, { percent: 100 });
    const first = await byKey(license.key, 'a@lower.example', 'lower-a');
    const over = await byKey(license.key, 'b@lower.example', 'lower-b');
    expect([codeOf(first), codeOf(over)]).toEqual(['OK', 'OK']);
    await owner.put(`/api/console/licenses/${license.id}/overage`, { percent: 0 });
    const checkIn = await requestJson(
      `${service.baseUrl}/api/v1/activations/${over.body.activationId}/check-in`,
      { token: over.body.activationSecret ?? '' },
    );
    expect(checkIn.status).toBe(200);
    expect(codeOf(await byKey(license.key, 'c@lower.example', 'lower-c'))).toBe('NO_SEATS_AVAILABLE');
  });

  test('sublicenses: the extra seats are shared once a place is full, and a group keeps its reserved seats', async () => {
    const a = await createScimAccount(service.baseUrl, 'oversub');
    const scim = scimClient(a.scimUrl, a.token);
    const ids: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const n of ['alice', 'bob', 'dan', 'carol', 'erin', 'frank'])
      ids[n] = (
        await scim<{ id: string }>('POST', '/Users', { schemas: [USER], userName: `${n}@oversub.example` })
      ).body.id;
    await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Desktop',
      externalId: 'grp-desktop',
      members: ['alice', 'bob', 'dan'].map((n) => ({ value: ids[n] })),
    });
    const contractors = await scim<{ id: string }>('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Contractors',
      externalId: 'grp-contractors',
      members: ['carol', 'erin', 'frank'].map((n) => ({ value: ids[n] })),
    });
    await a.console.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Admins', id: 'grp-admins' },
      desktopUsersGroup: { name: 'Desktop', id: 'grp-desktop' },
    });
    const license = await newLicense(4, a.accountId);
    expect(
      (
        await a.console.post(`/api/console/licenses/${license.id}/sublicenses`, {
          groupId: contractors.body.id,
          seats: 2,
        })
      ).status,
    ).toBe(201);
    // 4 seats, 25 %: one extra seat for the license (ceiling 5); the pool holds 2, Contractors 2.
    expect((await a.console.put(`/api/console/licenses/${license.id}/overage`, { percent: 25 })).status).toBe(
      200,
    );
    const activate = async (n: string) => {
      try {
        const issued = await activateDevice(ctx(), a.accountId, ids[n] ?? '', device(`sub-${n}`));
        return `OK:${await flagOf(issued.activationId)}`;
      } catch (err) {
        if (err instanceof LatchkeyError) return err.code;
        throw err;
      }
    };
    expect(await activate('alice')).toBe('OK:0');
    expect(await activate('bob')).toBe('OK:0');
    expect(await activate('dan')).toBe('OK:1'); // the pool is full: the license's one extra seat
    expect(await activate('carol')).toBe('OK:0'); // Contractors' own seats stay theirs
    expect(await activate('erin')).toBe('OK:0');
    expect(await activate('frank')).toBe('NO_SEATS_AVAILABLE'); // full, and the extra seat is taken
  });
});
