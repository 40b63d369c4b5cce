// refuse(): one refusal, one row in the activation log, and what every wire
// needs taken from the catalog — never a token, a secret or a whole assertion
// in the row, whoever's evidence carried it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeFailure } from '../../../common/failure-codes.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { attempt, refuse } from '../../../backend/access/refuse.ts';
import { systemClock } from '../../../backend/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../../backend/db/connect.ts';
import { migrateToLatest } from '../../../backend/db/migrate.ts';
import type { TestDatabase } from '../../support/databases.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const assertion =
  '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1"><saml:Subject>alice</saml:Subject></saml:Assertion>';

describeEachDatabase('refuse(): the activation log and the catalog', (dialect) => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    testDb = await dialect.create();
    handle = openDatabase(testDb.url);
    await migrateToLatest(handle.db, handle.dialect);
  });
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  const row = (id: number) =>
    handle.db.selectFrom('activation_attempts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  test("returns the catalog's status, OAuth error and message with the log row's id as reference", async () => {
    const err = new LatchkeyError('SAML_MALFORMED', 'two assertions', { assertions: 2 });
    const refusal = await refuse(handle.db, systemClock, err, {
      stage: 'acs',
      accountId: null,
      email: 'a@x.test',
    });
    const info = describeFailure('SAML_MALFORMED');
    expect(refusal).toEqual({
      code: 'SAML_MALFORMED',
      reference: expect.any(Number),
      httpStatus: info.httpStatus,
      oauthError: info.oauthError,
      userMessage: info.userMessage,
      group: null,
      reason: null,
      days: null,
    });
    expect(await row(refusal.reference)).toMatchObject({
      stage: 'acs',
      outcome: 'failure',
      code: 'SAML_MALFORMED',
      email: 'a@x.test',
    });
  });

  test('USER_NOT_IN_GROUP names the desktop-users group the rule checked; no other code names one', async () => {
    const evidence = { desktopGroup: { id: 'grp-desktop', name: 'Latchkey Desktop Users' } };
    const scene = { stage: 'entitlement', email: 'a@x.test' } as const;
    const refused = await refuse(
      handle.db,
      systemClock,
      new LatchkeyError('USER_NOT_IN_GROUP', 'no', evidence),
      scene,
    );
    expect(refused.group).toBe('Latchkey Desktop Users');
    const other = await refuse(
      handle.db,
      systemClock,
      new LatchkeyError('GROUPS_OVERAGE', 'no', evidence),
      scene,
    );
    expect(other.group).toBeNull();
    const unnamed = { desktopGroup: { id: 'grp-desktop', name: null } };
    expect(
      (await refuse(handle.db, systemClock, new LatchkeyError('USER_NOT_IN_GROUP', 'no', unnamed), scene))
        .group,
    ).toBeNull();
  });

  test('the account named in the error is the attempt’s account when the scene knows none', async () => {
    const err = new LatchkeyError('DOMAIN_NOT_VERIFIED', 'not verified', { accountId: 'acct-1' });
    const refusal = await refuse(handle.db, systemClock, err, { stage: 'discovery', email: 'a@x.test' });
    expect((await row(refusal.reference)).account_id).toBe('acct-1');
  });

  test('tokens, secrets and a whole SAML assertion never reach the row, under any key', async () => {
    const err = new LatchkeyError('USER_NOT_IN_GROUP', 'not in the group', {
      accessToken: 'at-secret-value',
      nested: { clientSecret: 'cs-secret-value', raw: assertion },
      samples: [assertion],
    });
    const refusal = await refuse(handle.db, systemClock, err, {
      stage: 'entitlement',
      email: 'a@x.test',
      evidence: { decoded: assertion, groups: ['grp-other'] },
    });
    const stored = (await row(refusal.reference)).evidence;
    for (const secret of ['at-secret-value', 'cs-secret-value', '<saml:Assertion', 'alice'])
      expect(stored).not.toContain(secret);
    expect(JSON.parse(stored)).toMatchObject({ groups: ['grp-other'], detail: 'not in the group' });
  });

  test('attempt() refuses a coded error, logs a success when asked, and lets any other error through', async () => {
    const scene = { stage: 'activation', accountId: 'acct-1', email: 'a@x.test' } as const;
    const refused = await attempt(handle.db, systemClock, scene, async () => {
      throw new LatchkeyError('NO_SEATS_AVAILABLE', 'full');
    });
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'NO_SEATS_AVAILABLE', httpStatus: 403 } });
    const done = await attempt(
      handle.db,
      systemClock,
      scene,
      async () => 'act-1',
      (id) => ({ activationId: id }),
    );
    expect(done).toEqual({ ok: true, value: 'act-1' });
    const last = await handle.db
      .selectFrom('activation_attempts')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ outcome: 'success', stage: 'activation', account_id: 'acct-1' });
    expect(JSON.parse(last.evidence)).toEqual({ activationId: 'act-1' });
    await expect(
      attempt(handle.db, systemClock, scene, async () => {
        throw new TypeError('a bug');
      }),
    ).rejects.toThrow(TypeError);
  });
});
