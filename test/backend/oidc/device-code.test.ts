// A second device signs in (issue 26 item 2, RFC 8628 device authorization
// grant), through the real service on both databases: the app asks for a code
// naming its device; a scripted browser on the "phone" enters the code, sees
// which app and device it activates, confirms and signs in on the dev IdP (the
// same SAML sign-in and decision as the browser flow); the app polls with its
// DPoP key and activates. Refused when the account has not opted in; a code
// left unused expires; "This is not my device" denies it; guessing user codes
// meets the rate limit.
import * as oauth from 'openid-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { desktopScopes } from '../../../common/desktop-client.ts';
import { formsOf } from '../../../devtools/html-forms.ts';
import type { Clock } from '../../../backend/clock.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { desktopClientConfig } from '../../support/dpop-session.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const device = {
  deviceId: 'devicecode000000000000000000001',
  deviceName: 'Kiosk VM 7',
  os: 'linux 6.8',
  appVersion: '0.1.0',
};
/** The service's clock, movable: a code's 10 minutes pass without waiting. */
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

describeEachDatabase('sign-in from a second device (RFC 8628)', (dialect) => {
  let world: SsoWorld;
  let config: oauth.Configuration;

  beforeAll(async () => {
    world = await startSsoWorld(dialect, { clock });
    config = await desktopClientConfig(world.service.baseUrl);
  }, 60_000);
  afterAll(async () => {
    offsetMs = 0;
    await world?.close();
  });

  const optIn = (on: boolean) => world.owner.put('/api/console/device-code-sign-in', { on });
  const askForCode = (email = 'alice@acme.test', extra: Record<string, string> = {}) =>
    oauth.initiateDeviceAuthorization(config, {
      scope: desktopScopes,
      login_hint: email,
      device_name: device.deviceName,
      device_os: device.os,
      ...extra,
    });
  /** The app's poll, at a test's pace (the service names no interval: openid-client would wait 5 s). */
  /** The app's polling, always with a proof of a device key (the desktop client's tokens are bound). */
  const poll = async (code: oauth.DeviceAuthorizationResponse, dpop?: oauth.DPoPHandle) =>
    oauth.pollDeviceAuthorizationGrant(config, { ...code, interval: 0.05 }, undefined, {
      DPoP: dpop ?? oauth.getDPoPHandle(config, await oauth.randomDPoPKeyPair('ES256')),
    });

  async function lastLogEntry() {
    const row = await world.service.deps.database.db
      .selectFrom('activation_attempts')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return { ...row, evidence: JSON.parse(row.evidence) as Record<string, unknown> };
  }

  /** The phone's browser up to the confirmation page: the code's link, its auto-posted form. */
  async function openConfirmation(code: oauth.DeviceAuthorizationResponse) {
    const jar = new Map<string, string>();
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const keep = (res: Response) => {
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return res;
    };
    const submit = async (page: string, formIndex: number, base: string) => {
      const form = formsOf(page)[formIndex];
      if (!form) throw new Error(`no form ${formIndex} on the page: ${page}`);
      const res = keep(
        await fetch(new URL(form.action, base), {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form.fields).toString(),
        }),
      );
      return { status: res.status, page: await res.text() };
    };
    const link = code.verification_uri_complete ?? '';
    const autoPost = await keep(await fetch(link, { headers: { cookie: cookie() } })).text();
    const confirmation = await submit(autoPost, 0, link);
    return {
      ...confirmation,
      jar,
      submit: (formIndex: number) => submit(confirmation.page, formIndex, link),
    };
  }

  test('not opted in (the default): the device authorization request is refused with DEVICE_CODE_NOT_ALLOWED, logged', async () => {
    await expect(askForCode()).rejects.toMatchObject({
      error: 'access_denied',
      error_description: expect.stringMatching(/^DEVICE_CODE_NOT_ALLOWED ref:\d+$/),
    });
    expect(await lastLogEntry()).toMatchObject({
      stage: 'discovery',
      code: 'DEVICE_CODE_NOT_ALLOWED',
      account_id: world.accountId,
      email: 'alice@acme.test',
    });
    // The owner turns it on in the console (Devices → Settings): audited, and the settings say so.
    expect((await world.owner.get('/api/console/device-settings')).body.deviceCodeSignIn).toBe(false);
    await optIn(true);
    expect((await world.owner.get('/api/console/device-settings')).body.deviceCodeSignIn).toBe(true);
    const audit = await world.service.deps.database.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'devices.device_code_sign_in')
      .execute();
    expect(audit).toEqual([{ actor: 'user:owner@acme.test', detail: JSON.stringify({ on: true }) }]);
    // Another company's email is refused as the browser's sign-in start refuses it.
    await expect(askForCode('someone@unregistered.test')).rejects.toMatchObject({
      error_description: expect.stringMatching(/^DOMAIN_NOT_REGISTERED ref:\d+$/),
    });
  });

  test('a device must say its name and OS in printable text (they are shown on the confirmation page)', async () => {
    await optIn(true);
    await expect(askForCode('alice@acme.test', { device_name: 'evil\u202Eexe.pdf' })).rejects.toMatchObject({
      error: 'invalid_request',
    });
    await expect(
      oauth.initiateDeviceAuthorization(config, { scope: desktopScopes, login_hint: 'alice@acme.test' }),
    ).rejects.toMatchObject({ error: 'invalid_request', error_description: /device_os is required/ });
  });

  test('opted in: the phone confirms the device and signs in over SAML; the app polls with its DPoP key and activates', async () => {
    await optIn(true);
    const keyPair = await oauth.randomDPoPKeyPair('ES256');
    const dpop = oauth.getDPoPHandle(config, keyPair);
    const code = await askForCode();
    expect(code.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(code.expires_in).toBeLessThanOrEqual(600);
    expect(code.verification_uri).toBe(`${world.service.baseUrl}/oidc/device`);

    const confirmation = await openConfirmation(code);
    // What the user checks before going on: which app, which device, which account, which code.
    expect(confirmation.page).toContain('Activate Latchkey on this device?');
    expect(confirmation.page).toContain('<strong>Kiosk VM 7</strong> (linux 6.8)');
    expect(confirmation.page).toContain('alice@acme.test');
    expect(confirmation.page).toContain(code.user_code);
    // Until the phone finishes, the app is told to wait.
    await expect(
      oauth.pollDeviceAuthorizationGrant(config, { ...code, interval: 0.05 }, undefined, {
        DPoP: dpop,
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toBeDefined();

    // The confirmation (the page's first form), then the same sign-in as the browser flow.
    const form = formsOf(confirmation.page)[0];
    const start = `${new URL(form?.action ?? '', code.verification_uri).toString()}`;
    const phone = await browse(start, 'alice@acme.test', '\u0000', {
      jar: confirmation.jar,
      ...(form && { post: form.fields }),
    });
    expect(phone.visited.some((u) => u.includes('/dev-idp/'))).toBe(true);
    expect(phone.lastPage).toContain('The Latchkey app on Kiosk VM 7 continues the activation now');

    const tokens = await poll(code, dpop);
    expect(tokens.token_type.toLowerCase()).toBe('dpop');
    const issued = await oauth.fetchProtectedResource(
      config,
      tokens.access_token,
      new URL(`${world.service.baseUrl}/api/v1/activations`),
      'POST',
      JSON.stringify(device),
      new Headers({ 'content-type': 'application/json' }),
      { DPoP: dpop },
    );
    const body = (await issued.json()) as Record<string, unknown>;
    expect(issued.status, JSON.stringify(body)).toBe(201);
    // The refresh token is bound to the device key like the browser flow's.
    await expect(oauth.refreshTokenGrant(config, tokens.refresh_token ?? '')).rejects.toMatchObject({
      error_description: expect.stringMatching(/^TOKEN_WITHOUT_DEVICE_KEY /),
    });
    // A code is used once.
    await expect(poll(code, dpop)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('"This is not my device": the app is told DEVICE_CODE_DENIED, and the log keeps the device and addresses', async () => {
    await optIn(true);
    const code = await askForCode();
    const confirmation = await openConfirmation(code);
    const denied = await confirmation.submit(1);
    expect(denied.page).toContain('The sign-in was cancelled');
    await expect(poll(code)).rejects.toMatchObject({
      error: 'access_denied',
      error_description: expect.stringMatching(/^DEVICE_CODE_DENIED ref:\d+$/),
    });
    const logged = await lastLogEntry();
    expect(logged).toMatchObject({ code: 'DEVICE_CODE_DENIED', account_id: world.accountId });
    expect(logged.evidence).toMatchObject({ deviceName: 'Kiosk VM 7', requestedFrom: '127.0.0.1' });
  });

  test('a code left unused for 10 minutes is worthless: the phone cannot enter it, the app is told', async () => {
    await optIn(true);
    const code = await askForCode();
    offsetMs = 601_000;
    try {
      const confirmation = await openConfirmation(code);
      expect(confirmation.page).not.toContain('Activate Latchkey on this device?');
      await expect(poll(code)).rejects.toMatchObject({
        error: expect.stringMatching(/^(expired_token|invalid_grant)$/),
      });
    } finally {
      offsetMs = 0;
    }
  });

  // Last: the limit counts every code post from this address in the window.
  test('guessing user codes meets the rate limit (429 with Retry-After) before a code can be found', async () => {
    const base = `${world.service.baseUrl}/oidc/device`;
    // A post without the page's session is sent back to the code page (not a 500).
    const stray = await fetch(base, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_code: 'BCDF-GHJK', xsrf: 'x' }).toString(),
    });
    expect(stray.status).toBe(303);
    expect(stray.headers.get('location')).toBe(base);
    const first = await fetch(base);
    const cookie = first.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    let page = await first.text();
    const answers: { status: number; wrong: boolean }[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await fetch(base, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...formsOf(page)[0]?.fields, user_code: 'BCDF-GHJK' }).toString(),
      });
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const text = await res.text();
      if (res.status === 200) page = text;
      answers.push({ status: res.status, wrong: text.includes('That code is not right') });
    }
    const limited = answers.findIndex((a) => a.status === 429);
    // 20 code posts per address in 15 minutes (the earlier tests' posts and the stray one count too),
    // then 429 for every further one.
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThanOrEqual(19);
    expect(answers.slice(0, limited).every((a) => a.status === 200 && a.wrong)).toBe(true);
    expect(answers.slice(limited).every((a) => a.status === 429)).toBe(true);
  });
});
