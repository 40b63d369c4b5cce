// SCIM is optional (issue 21 item 2), over real HTTP on both databases: an
// account whose step 5 says "without SCIM" creates each desktop user just in
// time at their first SSO sign-in (the dev IdP's signed answer), counts the
// groups claim of the latest sign-in as membership, and renews a license only
// within the account's window after that sign-in (SIGN_IN_EXPIRED after it).
// The browser step, the license issuance, check-in and the access check agree.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AccessCheck } from '../../../common/access-check.ts';
import type { FailureCode } from '../../../common/failure-codes.ts';
import { parseFailureDescription } from '../../../common/failure-reference.ts';
import { decideSignIn } from '../../../backend/access/sign-in.ts';
import { openDatabase } from '../../../backend/db/connect.ts';
import { DesktopApp, type ApiCredential, type DeviceSession } from '../../support/dpop-session.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const day = 86_400_000;

interface Answer {
  status: number;
  code: FailureCode | null;
  rule: string | null;
  body: Record<string, unknown>;
}

describeEachDatabase('accounts without SCIM: users just in time, membership from the sign-in', (dialect) => {
  let world: SsoWorld;
  let app: DesktopApp;
  let n = 0;
  const device = () => {
    n += 1;
    return {
      deviceId: `jit-device-${n}-0123456789`,
      deviceName: `Mac ${n}`,
      os: 'macOS 15',
      appVersion: '1.0.0',
    };
  };

  beforeAll(async () => {
    world = await startSsoWorld(dialect, { provisioning: 'jit' });
    app = await DesktopApp.at(world.service.baseUrl);
  });
  afterAll(async () => world?.close());

  const db = () => world.service.deps.database.db;

  async function ruleOf(reference: unknown): Promise<string | null> {
    if (typeof reference !== 'number') return null;
    const row = await db()
      .selectFrom('activation_attempts')
      .select('evidence')
      .where('id', '=', reference)
      .executeTakeFirstOrThrow();
    return (JSON.parse(row.evidence) as { accessRule?: string }).accessRule ?? null;
  }

  /** The browser step: a refusal's code and rule, or the app's tokens (bound to its device key). */
  async function signIn(
    email: string,
  ): Promise<{ refused: { code: FailureCode; rule: string | null } } | DeviceSession> {
    const flow = await app.authorize(email);
    const callback = new URL(flow.callback ?? 'http://no-callback.invalid');
    // Read as the app reads it ("CODE ref:N", and " group:…" for USER_NOT_IN_GROUP).
    const refused = parseFailureDescription(callback.searchParams.get('error_description') ?? '');
    if (refused.code && refused.reference)
      return { refused: { code: refused.code, rule: await ruleOf(Number(refused.reference)) } } as const;
    return app.exchange(flow);
  }

  /** A licensing API call as the app makes it: its token with a proof of its device key. */
  async function api(path: string, token: ApiCredential, body: unknown = {}): Promise<Answer> {
    const res = await app.call<
      Record<string, unknown> & {
        error?: { code: FailureCode; reference: number };
      }
    >('POST', path, token, body);
    const parsed = res.body;
    return {
      status: res.status,
      code: parsed.error?.code ?? null,
      rule: await ruleOf(parsed.error?.reference),
      body: parsed,
    };
  }

  async function check(email: string): Promise<AccessCheck> {
    const res = await world.owner.get<AccessCheck>(
      `/api/console/access-check?email=${encodeURIComponent(email)}`,
    );
    expect(res.status).toBe(200);
    return res.body;
  }
  /**
   * Time passing since bob's sign-in, as only the database can show it (the dev IdP signs with
   * the real time): his remembered claim and his grant's sign-in are moved back.
   */
  async function signedInDaysAgo(email: string, days: number) {
    const then = new Date(Date.now() - days * day).toISOString();
    const user = await db()
      .selectFrom('account_users')
      .select('id')
      .where('user_name_key', '=', email)
      .executeTakeFirstOrThrow();
    await db().updateTable('sign_in_claims').set({ seen_at: then }).where('user_id', '=', user.id).execute();
    await db()
      .updateTable('sso_sign_ins')
      .set({ signed_in_at: then })
      .where('user_id', '=', user.id)
      .execute();
  }
  const failing = (answer: AccessCheck) => answer.rules.find((r) => r.verdict === 'fail');
  const groupRule = (answer: AccessCheck) => answer.rules.find((r) => r.rule === 'group');

  test('step 5 "without SCIM" is done with no SCIM token, and the integration activates', async () => {
    const view = await world.owner.get<{
      status: string;
      steps: { key: string; state: string }[];
      scim: { activeTokens: number; provisioning: string; renewWithinDays: number };
    }>('/api/console/integration');
    expect(view.body.status).toBe('active');
    expect(view.body.steps.find((s) => s.key === 'scim')?.state).toBe('green');
    expect(view.body.scim).toEqual({ activeTokens: 0, provisioning: 'jit', renewWithinDays: 7 });
  });

  test('step 5’s choice refuses bad input with a field error (400), never a 500', async () => {
    for (const body of [{ mode: 'ldap' }, { mode: 'jit', renewWithinDays: 0 }, { mode: 'jit', extra: 1 }]) {
      const res = await world.owner.put<{ error: { code: string } }>(
        '/api/console/integration/provisioning',
        body,
      );
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
  });

  let bob: { session: DeviceSession; activationId: string };
  /** A fresh access token of bob's grant, as the app gets one before each call (the service's clock moves). */
  async function bobsToken(): Promise<ApiCredential> {
    bob.session = await app.refresh(bob.session);
    return bob.session.accessToken;
  }

  test('bob’s first sign-in creates him (source jit); his claim names the desktop group: browser, license and check agree', async () => {
    const before = await check('bob@acme.test');
    expect(before.rules.find((r) => r.rule === 'user')).toMatchObject({
      verdict: 'pass',
      evidence: { created: 'just in time at the first SSO sign-in (no SCIM)' },
    });
    expect(failing(before)).toMatchObject({ rule: 'group', code: 'SIGN_IN_EXPIRED' });

    const signedIn = await signIn('bob@acme.test');
    if (!('accessToken' in signedIn)) throw new Error(`bob was refused: ${JSON.stringify(signedIn.refused)}`);
    const issued = await api('/api/v1/activations', signedIn.accessToken, device());
    expect(issued.status).toBe(201);
    bob = { session: signedIn, activationId: String(issued.body.activationId) };

    const user = await db()
      .selectFrom('account_users')
      .select(['source', 'email'])
      .where('user_name_key', '=', 'bob@acme.test')
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ source: 'jit', email: 'bob@acme.test' });

    const after = await check('bob@acme.test');
    expect(after.allowed).toBe(true);
    expect(groupRule(after)?.evidence).toMatchObject({
      membership: expect.stringMatching(/^from the sign-in of \d{4}-\d\d-\d\d \d\d:\d\d UTC, no SCIM$/),
      matched: [{ group: 'grp-desktop', via: 'saml-claim', grants: 'desktop-users' }],
    });
    // The Users page says where his membership comes from.
    const listed = await world.owner.get<{
      users: { userName: string; source: string; claimMembership: unknown }[];
    }>('/api/console/directory/users?q=bob');
    expect(listed.body.users.find((u) => u.userName === 'bob@acme.test')).toMatchObject({
      source: 'jit',
      claimMembership: {
        groups: ['grp-desktop'],
        from: expect.stringMatching(/^from the sign-in of .* UTC, no SCIM$/),
      },
    });
  });

  test('carol’s claim names no desktop group: the browser refuses at the group rule, and the check says the same', async () => {
    const signedIn = await signIn('carol@acme.test');
    expect('refused' in signedIn && signedIn.refused).toEqual({ code: 'USER_NOT_IN_GROUP', rule: 'group' });
    const answer = await check('carol@acme.test');
    expect(failing(answer)).toMatchObject({ rule: 'group', code: 'USER_NOT_IN_GROUP' });
    expect(groupRule(answer)?.evidence).toMatchObject({ membership: expect.stringMatching(/no SCIM$/) });
  });

  test('the license renews within 7 days of the last sign-in; past them check-in, issuance and the check say SIGN_IN_EXPIRED; a new sign-in brings bob back', async () => {
    await signedInDaysAgo('bob@acme.test', 6);
    expect((await api(`/api/v1/activations/${bob.activationId}/check-in`, await bobsToken())).status).toBe(
      200,
    );

    await signedInDaysAgo('bob@acme.test', 8);
    const refusedCheckIn = await api(`/api/v1/activations/${bob.activationId}/check-in`, await bobsToken());
    expect(refusedCheckIn).toMatchObject({ status: 403, code: 'SIGN_IN_EXPIRED', rule: 'group' });
    // The token's own sign-in is as old: issuing a license with it is refused alike.
    expect(await api('/api/v1/activations', await bobsToken(), device())).toMatchObject({
      code: 'SIGN_IN_EXPIRED',
      rule: 'group',
    });
    const answer = await check('bob@acme.test');
    expect(failing(answer)).toMatchObject({ rule: 'group', code: 'SIGN_IN_EXPIRED' });

    const again = await signIn('bob@acme.test');
    if (!('accessToken' in again)) throw new Error(`bob was refused: ${JSON.stringify(again.refused)}`);
    expect((await api('/api/v1/activations', again.accessToken, device())).status).toBe(201);
    expect((await check('bob@acme.test')).allowed).toBe(true);
  });

  test('two first sign-ins of one new person at once (ten connections, as ten nodes): one jit user, both in', async () => {
    const profile = {
      externalId: 'oid-dana',
      userName: 'dana@acme.test',
      email: 'dana@acme.test',
      givenName: 'Dana',
      familyName: 'New',
      groups: ['grp-desktop'],
      groupsOverage: false,
    };
    const handles = Array.from({ length: 10 }, () =>
      openDatabase(world.service.deps.config.databaseUrl, { poolSize: 1 }),
    );
    try {
      await Promise.all(handles.map((h) => sql`select 1`.execute(h.db)));
    } catch (err) {
      await Promise.all(handles.map((h) => h.close()));
      throw err;
    }
    const signIns = await Promise.allSettled(
      handles.map((h, i) =>
        decideSignIn(
          h.db,
          world.service.deps.clock,
          world.accountId,
          profile,
          `00000000-0000-4000-8000-00000000000${i}`,
        ),
      ),
    );
    await Promise.all(handles.map((h) => h.close()));
    expect(signIns.filter((s) => s.status === 'rejected')).toEqual([]);
    const users = await db()
      .selectFrom('account_users')
      .select(['id', 'source'])
      .where('account_id', '=', world.accountId)
      .where('user_name_key', '=', 'dana@acme.test')
      .execute();
    expect(users).toEqual([{ id: expect.any(String), source: 'jit' }]);
    expect(new Set(signIns.map((s) => (s.status === 'fulfilled' ? s.value : '')))).toEqual(
      new Set([users[0]?.id]),
    );
  });
});
