// Sign in on another device (issue 26 item 2, RFC 8628) through the engine,
// against the real service and dev IdP: the engine shows a code and its link
// (waiting-for-browser with deviceCode); a scripted browser on the "phone"
// completes the verification page and the same SAML sign-in; the engine polls
// with its device key and ends Activated. Refused when the account has not
// opted in; "This is not my device" → DEVICE_CODE_DENIED; Cancel → idle.
import { expect, test } from 'vitest';
import type { DeviceCodePrompt } from '../../../../common/desktop-api.ts';
import type { ActivationEngine } from '../../../../main/core/activation/activation-engine.ts';
import { formsOf } from '../../../../devtools/html-forms.ts';
import { browse } from '../../../support/sso-world.ts';
import { engineWorld, failureOf } from './engine-harness.ts';

const { world, engineFor } = engineWorld();

const optIn = (on: boolean) => world().owner.put('/api/console/device-code-sign-in', { on });

/** Calls `withCode` once the engine shows a code. */
function whenCodeShown(engine: ActivationEngine, withCode: (prompt: DeviceCodePrompt) => Promise<void>) {
  let seen = false;
  engine.onState((s) => {
    if (seen || s.phase !== 'waiting-for-browser' || !s.deviceCode) return;
    seen = true;
    void withCode(s.deviceCode);
  });
}

/** The phone's browser up to the confirmation page, then "This is not my device". */
async function denyOnPhone(prompt: DeviceCodePrompt) {
  const jar = new Map<string, string>();
  const post = async (page: string, index: number) => {
    const form = formsOf(page)[index];
    const res = await fetch(new URL(form?.action ?? '', prompt.verificationUri), {
      method: 'POST',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form?.fields).toString(),
    });
    return res.text();
  };
  const first = await fetch(prompt.verificationUriComplete);
  for (const c of first.headers.getSetCookie()) {
    const [pair = ''] = c.split(';');
    jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  const confirmation = await post(await first.text(), 0);
  return post(confirmation, 1);
}

test('the app offers the other device only where the account opted in (SSO discovery)', async () => {
  const { engine } = await engineFor('alice@acme.test');
  await optIn(false);
  expect(await engine.deviceCodeAllowed('alice@acme.test')).toBe(false);
  await optIn(true);
  expect(await engine.deviceCodeAllowed('alice@acme.test')).toBe(true);
  // A domain that cannot sign in at all: no offer, no failure shown.
  expect(await engine.deviceCodeAllowed('someone@nowhere.test')).toBe(false);
  expect(engine.getState()).toEqual({ phase: 'idle' });
});

test('not opted in: the engine fails with DEVICE_CODE_NOT_ALLOWED before any code is shown', async () => {
  await optIn(false);
  const { engine, phases } = await engineFor('alice@acme.test');
  await engine.startDeviceCode('alice@acme.test');
  expect(failureOf(engine)).toBe('DEVICE_CODE_NOT_ALLOWED');
  expect(phases).toEqual(['failed']);
});

test('the phone enters the code, confirms and signs in; the engine polls with its device key and ends Activated', async () => {
  await optIn(true);
  const { engine, phases } = await engineFor('alice@acme.test');
  let shown: DeviceCodePrompt | undefined;
  let phonePage = '';
  whenCodeShown(engine, async (prompt) => {
    shown = prompt;
    phonePage = (await browse(prompt.verificationUriComplete, 'alice@acme.test')).lastPage;
  });
  await engine.startDeviceCode('alice@acme.test');
  expect(phases).toEqual(['waiting-for-browser', 'exchanging', 'activating', 'activated']);
  expect(shown?.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
  expect(shown?.verificationUriComplete).toBe(`${shown?.verificationUri}?user_code=${shown?.userCode}`);
  expect(phonePage).toContain('The Latchkey app on QA laptop continues the activation now');
  const state = engine.getState();
  expect(state.phase === 'activated' && state.license).toMatchObject({
    licensedTo: 'alice@acme.test',
    via: 'sso',
  });
  // The same device key as the browser flow: the check-in after a restart renews with its proof.
  await engine.checkIn();
  expect(engine.getState().phase).toBe('activated');
}, 60_000);

test('"This is not my device" on the phone: the engine fails with DEVICE_CODE_DENIED and its log reference', async () => {
  await optIn(true);
  const { engine } = await engineFor('bob@acme.test');
  let denialPage = '';
  whenCodeShown(engine, async (prompt) => {
    denialPage = await denyOnPhone(prompt);
  });
  await engine.startDeviceCode('bob@acme.test');
  expect(denialPage).toContain('The sign-in was cancelled');
  expect(failureOf(engine)).toBe('DEVICE_CODE_DENIED');
  const state = engine.getState();
  expect(state.phase === 'failed' && state.failure.reference).toMatch(/^\d+$/);
}, 60_000);

test('Cancel while the code is shown goes back to idle at once, not after the poll’s next 5 s wait', async () => {
  await optIn(true);
  const { engine, phases } = await engineFor('alice@acme.test');
  let cancelledAt = 0;
  whenCodeShown(engine, async () => {
    // Into the poll's first wait (openid-client waits 5 s before it asks).
    await new Promise((r) => setTimeout(r, 500));
    cancelledAt = performance.now();
    engine.cancel();
  });
  await engine.startDeviceCode('alice@acme.test');
  expect(phases).toEqual(['waiting-for-browser', 'idle']);
  // The dialog closes when the user presses Cancel: well under the 4.5 s left of that wait.
  expect(performance.now() - cancelledAt).toBeLessThan(2_000);
});
