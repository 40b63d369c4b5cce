// The access check cannot drift from the decision (issue 14): for every code
// the decision's rules refuse with, the cause is set up for real (a SCIM
// change, a DNS record withdrawn, seats and devices used up by real
// activations), a real activation runs over HTTP — the SSO path through the
// browser, the dev IdP and the licensing API; the key path otherwise — and
// then the check; both must give the same code and the same first failing
// rule. Plus the happy path, and a check that writes nothing.
//
// On the SSO path the browser step and the license issuance are held to one
// verdict too (issue 21 item 1): what the browser accepted ("return to the
// app"), issuing the license may refuse only by a rule the browser does not
// run (the device slot); what it refused issues no authorization code.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AccessCheck, AccessRuleId } from '../../../common/access-check.ts';
import { allFailureCodes, type FailureCode } from '../../../common/failure-codes.ts';
import { parseFailureDescription } from '../../../common/failure-reference.ts';
import { accessRules } from '../../../backend/access/decide.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { DesktopApp, type ApiCredential } from '../../support/dpop-session.ts';
import { scimClient } from '../../support/scim-account.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Every code the decision's rules can refuse with, from the rules themselves (each in the catalog). */
const decisionCodes = allFailureCodes.filter((code) => accessRules.some((r) => r.codes.includes(code)));

/** What a real activation ended with: the code, and the rule the activation log names for it. */
interface Outcome {
  code: FailureCode | null;
  rule: AccessRuleId | null;
}

/** The SSO path's two verdicts: the browser step, then issuing the license with its token. */
interface SsoOutcome {
  browser: Outcome;
  /** null: the browser refused, so no authorization code came back and nothing was issued. */
  issuance: Outcome | null;
}

/** The rules the browser step decides (discovery, then the ACS's sign-in); the licensing API adds the device slot. */
const browserRules: readonly AccessRuleId[] = [
  'domain',
  'integration',
  'user',
  'active',
  'group',
  'license',
  'seats',
];

/** The one verdict of an SSO activation, after checking its two steps agree. */
function verdictOf(real: SsoOutcome): Outcome {
  if (real.browser.code !== null) {
    expect(real.issuance, 'a refused browser step issues nothing').toBeNull();
    return real.browser;
  }
  if (!real.issuance) throw new Error('the browser accepted but nothing was issued');
  // Accepted in the browser ("return to the app"), then refused by a rule the browser ran: the seam.
  if (real.issuance.rule !== null) expect(browserRules).not.toContain(real.issuance.rule);
  return real.issuance;
}

describeEachDatabase('the access check agrees with a real activation on every code', (dialect) => {
  let world: SsoWorld;
  let app: DesktopApp;
  let scimToken: string;
  const covered = new Set<FailureCode>();
  let n = 0;
  const device = () => {
    n += 1;
    return {
      deviceId: `agree-device-${n}-0123456789`,
      deviceName: `Mac ${n}`,
      os: 'macOS 15',
      appVersion: '1.0.0',
    };
  };

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    app = await DesktopApp.at(world.service.baseUrl);
    scimToken = (await world.owner.post<{ token: string }>('/api/console/scim-tokens', { label: 'agree' }))
      .body.token;
  });
  afterAll(async () => world?.close());

  const db = () => world.service.deps.database.db;
  const scim = () => scimClient(`${world.service.baseUrl}/scim/v2`, scimToken);

  async function ruleOfReference(reference: number): Promise<AccessRuleId | null> {
    const row = await db()
      .selectFrom('activation_attempts')
      .select('evidence')
      .where('id', '=', reference)
      .executeTakeFirstOrThrow();
    const evidence = JSON.parse(row.evidence) as { accessRule?: AccessRuleId };
    return evidence.accessRule ?? null;
  }

  /** The app's SSO activation: discovery and sign-in in the browser, then the licensing API with the token. */
  async function activateWithSso(email: string, fault?: string): Promise<SsoOutcome> {
    const flow = await app.authorize(email, fault ? { fault } : {});
    const callback = new URL(flow.callback ?? 'http://no-callback.invalid');
    // Read as the app reads it ("CODE ref:N", and " group:…" for USER_NOT_IN_GROUP).
    const refused = parseFailureDescription(callback.searchParams.get('error_description') ?? '');
    if (refused.code && refused.reference) {
      expect(callback.searchParams.has('code')).toBe(false);
      const browser = { code: refused.code, rule: await ruleOfReference(Number(refused.reference)) };
      return { browser, issuance: null };
    }
    const { accessToken } = await app.exchange(flow);
    return {
      browser: { code: null, rule: null },
      issuance: await callApi('/api/v1/activations', device(), accessToken),
    };
  }

  /** The last license issued with an SSO token: its token and activation, for a later check-in. */
  let lastIssued: { token: ApiCredential; activationId: string } = { token: '', activationId: '' };

  /** A licensing API call as the app makes it (an SSO token with its device key's proof), or by key. */
  async function callApi(path: string, body: unknown, token?: ApiCredential): Promise<Outcome> {
    const res = await app.call<{
      activationId?: string;
      error?: { code: FailureCode; reference: number };
    }>('POST', path, token, body);
    const answer = res.body;
    if (res.status >= 200 && res.status < 300) {
      if (token && answer.activationId) lastIssued = { token, activationId: answer.activationId };
      return { code: null, rule: null };
    }
    if (!answer.error?.reference)
      throw new Error(`unexpected answer ${res.status}: ${JSON.stringify(answer)}`);
    return { code: answer.error.code, rule: await ruleOfReference(answer.error.reference) };
  }

  async function check(owner: ConsoleClient, email: string): Promise<AccessCheck> {
    const res = await owner.get<AccessCheck>(`/api/console/access-check?email=${encodeURIComponent(email)}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** The real activation and the check: one code, one first failing rule, every later rule not reached. */
  async function expectAgreement(code: FailureCode, outcome: Outcome | SsoOutcome, answer: AccessCheck) {
    const real = 'browser' in outcome ? verdictOf(outcome) : outcome;
    expect(real.code).toBe(code);
    expect(answer.code).toBe(code);
    expect(answer.allowed).toBe(false);
    const failing = answer.rules.findIndex((r) => r.verdict === 'fail');
    expect(answer.rules[failing]?.rule).toBe(real.rule);
    expect(answer.rules[failing]?.remedy).toMatch(/\S/);
    expect(answer.rules.slice(0, failing).every((r) => r.verdict === 'pass')).toBe(true);
    expect(answer.rules.slice(failing + 1).every((r) => r.verdict === 'not-reached')).toBe(true);
    covered.add(code);
  }

  async function scimUserId(userName: string): Promise<string> {
    const found = await scim()<{ Resources: { id: string }[] }>(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
    );
    const id = found.body.Resources[0]?.id;
    if (!id) throw new Error(`no SCIM user ${userName}`);
    return id;
  }
  const setActive = async (userName: string, active: boolean) =>
    scim()('PATCH', `/Users/${await scimUserId(userName)}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { active } }],
    });

  test('SSO happy path: the check says allowed with every rule passing, and bob activates', async () => {
    const answer = await check(world.owner, 'bob@acme.test');
    expect(answer).toMatchObject({ allowed: true, code: null, via: 'sso' });
    expect(answer.rules.every((r) => r.verdict === 'pass')).toBe(true);
    const real = await activateWithSso('bob@acme.test');
    expect(real.browser).toEqual({ code: null, rule: null });
    expect(verdictOf(real)).toEqual({ code: null, rule: null });
  });

  test('a check writes nothing: activation log, activations, audit and remembered claims unchanged', async () => {
    const counts = async () =>
      Promise.all(
        (['activation_attempts', 'activations', 'audit_log', 'sign_in_claims', 'account_users'] as const).map(
          async (table) =>
            Number(
              (
                await db()
                  .selectFrom(table)
                  .select((eb) => eb.fn.countAll<number>().as('n'))
                  .executeTakeFirstOrThrow()
              ).n,
            ),
        ),
      );
    const before = await counts();
    for (const email of ['bob@acme.test', 'carol@acme.test', 'nobody@acme.test', 'x@unregistered.test'])
      await check(world.owner, email);
    expect(await counts()).toEqual(before);
  });

  test('DOMAIN_NOT_REGISTERED: an email whose domain no account added', async () => {
    await expectAgreement(
      'DOMAIN_NOT_REGISTERED',
      await activateWithSso('someone@unregistered.test'),
      await check(world.owner, 'someone@unregistered.test'),
    );
  });

  test('GROUPS_OVERAGE: Entra sends groups.link for carol, and SCIM shows her in no desktop group', async () => {
    await expectAgreement(
      'GROUPS_OVERAGE',
      await activateWithSso('carol@acme.test', 'groups-overage'),
      await check(world.owner, 'carol@acme.test'),
    );
  });

  test('USER_NOT_IN_GROUP: carol signs in with her groups, none of them qualifies', async () => {
    await expectAgreement(
      'USER_NOT_IN_GROUP',
      await activateWithSso('carol@acme.test'),
      await check(world.owner, 'carol@acme.test'),
    );
  });

  test('USER_NOT_IN_GROUP: SCIM removes bob from the desktop group while the IdP’s claim still names it (SCIM wins)', async () => {
    const group = (
      await scim()<{ Resources: { id: string }[] }>(
        'GET',
        `/Groups?filter=${encodeURIComponent('displayName eq "Latchkey Desktop Users"')}`,
      )
    ).body.Resources[0]?.id;
    const bob = await scimUserId('bob@acme.test');
    const members = (op: 'add' | 'remove') =>
      scim()('PATCH', `/Groups/${group}`, {
        schemas: [PATCH],
        Operations:
          op === 'add'
            ? [{ op, path: 'members', value: [{ value: bob }] }]
            : [{ op, path: `members[value eq "${bob}"]` }],
      });
    expect((await members('remove')).status).toBeLessThan(300);
    await expectAgreement(
      'USER_NOT_IN_GROUP',
      await activateWithSso('bob@acme.test'),
      await check(world.owner, 'bob@acme.test'),
    );
    expect((await members('add')).status).toBeLessThan(300);
  });

  test('USER_NOT_PROVISIONED: the IdP deletes carol over SCIM; she still signs in at the IdP', async () => {
    expect((await scim()('DELETE', `/Users/${await scimUserId('carol@acme.test')}`)).status).toBe(204);
    await expectAgreement(
      'USER_NOT_PROVISIONED',
      await activateWithSso('carol@acme.test'),
      await check(world.owner, 'carol@acme.test'),
    );
  });

  test('USER_DEACTIVATED: the IdP deactivates alice over SCIM (active false, as Okta sends it)', async () => {
    expect((await setActive('alice@acme.test', false)).status).toBeLessThan(300);
    await expectAgreement(
      'USER_DEACTIVATED',
      await activateWithSso('alice@acme.test'),
      await check(world.owner, 'alice@acme.test'),
    );
    expect((await setActive('alice@acme.test', true)).status).toBeLessThan(300);
  });

  test('DOMAIN_NOT_VERIFIED: the TXT record is withdrawn and the domain re-checked', async () => {
    const { domains } = (
      await world.owner.get<{
        domains: { id: string; domain: string; record: { host: string; value: string } }[];
      }>('/api/console/domains')
    ).body;
    const acme = domains.find((d) => d.domain === 'acme.test');
    if (!acme) throw new Error('no acme.test');
    world.dns.removeTxt(acme.record.host);
    await world.owner.post(`/api/console/domains/${acme.id}/verify`);
    await expectAgreement(
      'DOMAIN_NOT_VERIFIED',
      await activateWithSso('bob@acme.test'),
      await check(world.owner, 'bob@acme.test'),
    );
    world.dns.setTxt(acme.record.host, [acme.record.value]);
    expect((await world.owner.post(`/api/console/domains/${acme.id}/verify`)).status).toBe(200);
  });

  test('INTEGRATION_NOT_ACTIVE: the admin deactivates the IdP integration', async () => {
    expect((await world.owner.post('/api/console/integration/deactivate')).status).toBe(200);
    await expectAgreement(
      'INTEGRATION_NOT_ACTIVE',
      await activateWithSso('bob@acme.test'),
      await check(world.owner, 'bob@acme.test'),
    );
  });

  describe('the key path', () => {
    // The key path: an account without SSO, one seat, one device per user.
    let shop: ConsoleClient;
    let key: string;
    const byKey = (email: string) =>
      callApi('/api/v1/activations/by-key', { licenseKey: key, email, ...device() });

    test('key happy path: the check (via key) says allowed, and ann activates', async () => {
      shop = new ConsoleClient(world.service.baseUrl);
      const accountId = await shop.signUp('Key Shop', 'owner@keyshop.example', 'correct horse battery');
      await shop.login('owner@keyshop.example', 'correct horse battery');
      ({ key } = await addLicense(
        db(),
        world.service.deps.clock,
        { accountId, edition: 'business', seats: 1, deviceLimit: 1, expiresAt: '2099-01-01' },
        'test',
      ));
      const answer = await check(shop, 'ann@keyshop.example');
      expect(answer).toMatchObject({ allowed: true, via: 'key' });
      expect(answer.rules.map((r) => r.rule)).toEqual(['user', 'active', 'license', 'seats', 'devices']);
      expect(await byKey('ann@keyshop.example')).toEqual({ code: null, rule: null });
    });

    test('DEVICE_LIMIT_REACHED: ann’s one device is active; she tries a second', async () => {
      await expectAgreement(
        'DEVICE_LIMIT_REACHED',
        await byKey('ann@keyshop.example'),
        await check(shop, 'ann@keyshop.example'),
      );
    });

    test('NO_SEATS_AVAILABLE: the one seat is ann’s; ben tries', async () => {
      await expectAgreement(
        'NO_SEATS_AVAILABLE',
        await byKey('ben@keyshop.example'),
        await check(shop, 'ben@keyshop.example'),
      );
    });

    test('LICENSE_EXPIRED: the license ended yesterday', async () => {
      const yesterday = new Date(world.service.deps.clock.now().getTime() - 86_400_000).toISOString();
      // A license cannot be added already expired: this is the state it reaches with time.
      await db()
        .updateTable('licenses')
        .set({ expires_at: yesterday })
        .where('license_key', '=', key)
        .execute();
      await expectAgreement(
        'LICENSE_EXPIRED',
        await byKey('ann@keyshop.example'),
        await check(shop, 'ann@keyshop.example'),
      );
    });
  });

  test('SIGN_IN_EXPIRED: without SCIM (step 5) bob’s membership is his sign-in’s claim; 8 days on, check-in, issuance and the check refuse alike', async () => {
    expect((await world.owner.put('/api/console/integration/provisioning', { mode: 'jit' })).status).toBe(
      200,
    );
    // Switched off by the INTEGRATION_NOT_ACTIVE case above.
    expect((await world.owner.post('/api/console/integration/activate')).status).toBe(200);
    const fresh = await activateWithSso('bob@acme.test');
    expect(verdictOf(fresh)).toEqual({ code: null, rule: null });
    const { token, activationId } = lastIssued;
    // Eight days since the sign-in, as only the database can show it (the dev IdP signs with the real time).
    const then = new Date(Date.now() - 8 * 86_400_000).toISOString();
    const bob = await db()
      .selectFrom('account_users')
      .select('id')
      .where('user_name_key', '=', 'bob@acme.test')
      .executeTakeFirstOrThrow();
    await db().updateTable('sign_in_claims').set({ seen_at: then }).where('user_id', '=', bob.id).execute();
    await db()
      .updateTable('sso_sign_ins')
      .set({ signed_in_at: then })
      .where('user_id', '=', bob.id)
      .execute();
    const checkIn = await callApi(`/api/v1/activations/${activationId}/check-in`, {}, token);
    expect(await callApi('/api/v1/activations', device(), token)).toEqual(checkIn);
    await expectAgreement('SIGN_IN_EXPIRED', checkIn, await check(world.owner, 'bob@acme.test'));
    expect((await world.owner.put('/api/console/integration/provisioning', { mode: 'scim' })).status).toBe(
      200,
    );
  });

  test('every code the decision gives had its case (derived from the rules, not a list)', () => {
    expect(decisionCodes.length).toBeGreaterThanOrEqual(10);
    expect([...covered].sort()).toEqual([...decisionCodes].sort());
  });
});
