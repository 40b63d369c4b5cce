// Per-client limits on the two unauthenticated SSO endpoints that cost (left open by issue 10
// item 5): the ACS (XML parsed, schema-checked, signature-verified per post) and the console's
// SSO start (a SAML request row per call). Counted in the database before any of that work, by
// the client IP the service trusts (here: a proxy on 127.0.0.1 naming it in X-Forwarded-For);
// refused in the browser's format, a 429 page with Retry-After. The clock is held still inside
// one window and moved by hand, so nothing depends on timing.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { desktopClientId, desktopScopes } from '../../../common/desktop-client.ts';
import type { Clock } from '../../../backend/clock.ts';
import { loadConfig } from '../../../backend/config.ts';
import { formOf } from '../../../devtools/html-forms.ts';
import { testDialects, type TestDialect } from '../../support/databases.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const sqlite = testDialects.find((d) => d.name === 'sqlite') as TestDialect;
type IdpAnswer = { action: string; fields: Record<string, string> };

test('the defaults let a whole office behind one NAT sign in at 9 am', () => {
  const config = loadConfig({});
  // Hundreds of people within one minute, each one ACS post (some twice).
  expect(config.samlAcsPostsPerMinute).toBeGreaterThanOrEqual(300);
  // Each of them starts in the app once, too.
  expect(config.appSignInStartsPerMinute).toBeGreaterThanOrEqual(config.samlAcsPostsPerMinute);
  // Console SSO is for admins: an IT team, with room for retries.
  expect(config.consoleSsoStartsPerMinute).toBeGreaterThanOrEqual(30);
});

describeEachDatabase('SSO endpoints limited per client before any work', (dialect) => {
  let world: SsoWorld;
  // 1 s into a fixed one-minute window, a little ahead of real time (certificates made at start
  // are valid already); held there until a test moves it.
  let now = (Math.floor(Date.now() / 60_000) + 1) * 60_000 + 1_000;
  const clock: Clock = { now: () => new Date(now) };
  const secondsLeftInWindow = () => String(60 - Math.floor((now % 60_000) / 1000));
  const base = () => world.service.baseUrl;
  const db = () => world.service.deps.database.db;

  beforeAll(async () => {
    world = await startSsoWorld(dialect, {
      clock,
      env: {
        LATCHKEY_TRUST_PROXY: '127.0.0.1',
        LATCHKEY_SAML_ACS_POSTS_PER_MINUTE: '3',
        LATCHKEY_CONSOLE_SSO_STARTS_PER_MINUTE: '3',
        LATCHKEY_APP_SIGN_IN_STARTS_PER_MINUTE: '3',
      },
    });
  });
  afterAll(async () => world?.close());

  const ssoStart = (client: string) =>
    fetch(`${base()}/api/console/sso/start?email=alice%40acme.test`, {
      redirect: 'manual',
      headers: { 'x-forwarded-for': client },
    });
  let minted = 0;
  /** A fresh answer of the dev IdP to alice's console sign-in: the form its page posts to the ACS. */
  async function idpAnswer(): Promise<IdpAnswer> {
    const start = await ssoStart(`192.0.2.${++minted}`);
    expect(start.status).toBe(302);
    const login = formOf(await (await fetch(start.headers.get('location') ?? '')).text());
    const posted = await fetch(base() + login.action, {
      method: 'POST',
      headers: formHeaders,
      body: new URLSearchParams({ ...login.fields, user: 'alice@acme.test', fault: 'none' }).toString(),
    });
    return formOf(await posted.text());
  }
  const postAcs = (answer: IdpAnswer, client: string, body = new URLSearchParams(answer.fields).toString()) =>
    fetch(answer.action, {
      method: 'POST',
      headers: { ...formHeaders, 'x-forwarded-for': client },
      body,
      redirect: 'manual',
    });
  const countRows = async (table: 'activation_attempts' | 'saml_requests', pendingOnly = false) => {
    let query = db()
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'));
    if (pendingOnly) query = query.where('used_at' as never, 'is', null);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };
  async function expectTooManyPage(res: Response) {
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('retry-after')).toBe(secondsLeftInWindow());
    const page = await res.text();
    expect(page).toContain('Too many sign-ins came from your network');
    // The catalog's code, which IT looks up (the remedy), not the APIs' bare rate_limited.
    expect(page).toContain('Give your IT team this reference: <code>SIGN_IN_RATE_LIMITED</code>');
  }

  test('the 4th ACS post from one client in a minute → 429 page + Retry-After, nothing of it read; another client and the next minute are served', async () => {
    const answers: IdpAnswer[] = [];
    for (let i = 0; i < 5; i++) answers.push(await idpAnswer());
    const [a1, a2, a3, a4, a5] = answers as [IdpAnswer, IdpAnswer, IdpAnswer, IdpAnswer, IdpAnswer];
    for (const answer of [a1, a2, a3]) expect((await postAcs(answer, '203.0.113.10')).status).toBe(303);

    const attempts = await countRows('activation_attempts');
    const pending = await countRows('saml_requests', true);
    await expectTooManyPage(await postAcs(a4, '203.0.113.10'));
    // Refused before the body is even read: a post far over the size limit is just one more.
    await expectTooManyPage(await postAcs(a4, '203.0.113.10', `SAMLResponse=${'A'.repeat(2 * 1024 * 1024)}`));
    // No activation log entry, and the request it answers still waits: the answer was never validated.
    expect(await countRows('activation_attempts')).toBe(attempts);
    expect(await countRows('saml_requests', true)).toBe(pending);

    // The same answer from another client is accepted (not replayed, its request unused).
    expect((await postAcs(a4, '198.51.100.20')).status).toBe(303);
    now += 60_000;
    expect((await postAcs(a5, '203.0.113.10')).status).toBe(303);
  });

  test('the 4th console SSO start from one client in a minute → 429 page + Retry-After and no SAML request stored; another client and the next minute are served', async () => {
    for (let i = 0; i < 3; i++) expect((await ssoStart('203.0.113.30')).status).toBe(302);
    const requests = await countRows('saml_requests');
    const attempts = await countRows('activation_attempts');
    await expectTooManyPage(await ssoStart('203.0.113.30'));
    expect(await countRows('saml_requests')).toBe(requests);
    expect(await countRows('activation_attempts')).toBe(attempts);

    expect((await ssoStart('198.51.100.31')).status).toBe(302);
    now += 60_000;
    expect((await ssoStart('203.0.113.30')).status).toBe(302);
  });

  // The app's own sign-in start: the system browser opens the authorization endpoint.
  const appSignInStart = (client: string) => {
    const url = new URL(`${base()}/oidc/auth`);
    const verifier = 'v'.repeat(43);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: desktopClientId,
      redirect_uri: 'http://127.0.0.1/callback',
      scope: desktopScopes,
      prompt: 'consent',
      state: 'state-1',
      login_hint: 'alice@acme.test',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return fetch(url, { redirect: 'manual', headers: { 'x-forwarded-for': client } });
  };
  const storedModels = async () =>
    Number(
      (
        await db()
          .selectFrom('oidc_models')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('the 4th app sign-in start (/oidc/auth) from one client in a minute → 429 page + Retry-After and no interaction stored; another client and the next minute are served', async () => {
    for (let i = 0; i < 3; i++) expect((await appSignInStart('203.0.113.40')).status).toBe(303);
    const models = await storedModels();
    await expectTooManyPage(await appSignInStart('203.0.113.40'));
    expect(await storedModels()).toBe(models);

    expect((await appSignInStart('198.51.100.41')).status).toBe(303);
    now += 60_000;
    expect((await appSignInStart('203.0.113.40')).status).toBe(303);
  });

  test('an ACS post over the size limit → 413 page; a post without SAMLResponse → 400 page', async () => {
    const answer = await idpAnswer();
    const huge = await postAcs(answer, '203.0.113.50', `SAMLResponse=${'A'.repeat(2 * 1024 * 1024)}`);
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await huge.text()).toContain('too large');
    const empty = await postAcs(answer, '203.0.113.50', 'RelayState=x');
    expect(empty.status).toBe(400);
    expect(empty.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await empty.text()).toContain('could not be read');
    // Neither took the answer's request: it still signs in.
    expect((await postAcs(answer, '203.0.113.50')).status).toBe(303);
  });
});

describe('without a trusted proxy, X-Forwarded-For does not make a new client', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(sqlite, { env: { LATCHKEY_CONSOLE_SSO_STARTS_PER_MINUTE: '2' } });
  });
  afterAll(async () => service?.close());

  test('console SSO start from one peer naming a new address each time is refused after the limit', async () => {
    const start = (forwardedFor: string) =>
      fetch(`${service.baseUrl}/api/console/sso/start?email=someone%40unregistered.example`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': forwardedFor },
      });
    expect((await start('198.51.100.1')).status).toBe(404);
    expect((await start('198.51.100.2')).status).toBe(404);
    expect((await start('198.51.100.3')).status).toBe(429);
  });
});
