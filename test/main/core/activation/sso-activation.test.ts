// Continue with SSO through the engine (sso-activation.ts) against the real
// service and dev IdP, the credential in the in-memory secret store.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { ActivationEngine } from '../../../../main/core/activation/activation-engine.ts';
import { keychainService } from '../../../../main/core/licensing/credentials.ts';
import { KeychainUnavailable, type SecretStore } from '../../../../main/core/secrets/secret-store.ts';
import { browse } from '../../../support/sso-world.ts';
import { effectivePolicy, noPolicyDefaults } from '../../../../main/core/policy/effective-policy.ts';
import { engineWorld, failureOf } from './engine-harness.ts';
import { rowsByModule } from './rows-by-module.ts';

const { world, watched, engineFor, notReached } = engineWorld();

describe('SSO (sso-activation.ts)', () => {
  test('Continue with SSO walks the states to activated; the license is on disk and the refresh token only in the secret store', async () => {
    const { engine, phases, options, secrets } = await engineFor('alice@acme.test');
    await engine.startSso('alice@acme.test');
    expect(phases).toEqual(['waiting-for-browser', 'exchanging', 'activating', 'activated']);
    const state = engine.getState();
    if (state.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(state)}`);
    expect(state.license).toMatchObject({
      licensedTo: 'alice@acme.test',
      edition: 'business',
      lease: 'valid',
      via: 'sso',
    });
    const file = await readFile(engine.licenseFilePath, 'utf8');
    expect((await stat(engine.licenseFilePath)).mode & 0o077).toBe(0);
    const entry = `activation:${state.license.activationId}`;
    const refreshToken = await secrets.getPassword(keychainService, entry);
    expect(refreshToken).toBeTruthy();
    expect(file).not.toContain(refreshToken);
    expect(JSON.parse(file).keyCertificates.length).toBeGreaterThan(0);

    // The app restarts: the license verifies offline, then checks in and the refresh token rotates.
    const { engine: restarted } = watched(options);
    await restarted.start();
    expect(restarted.getState().phase).toBe('activated');
    const rotated = await secrets.getPassword(keychainService, entry);
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(refreshToken);
    expect(restarted.diagnosticReport()).not.toContain(rotated);

    // Deactivate frees the seat on the server and forgets everything here.
    await restarted.deactivate();
    expect(restarted.getState().phase).toBe('idle');
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();
    expect(secrets.size).toBe(0);
    const row = await world()
      .service.deps.database.db.selectFrom('activations')
      .select('revoked_reason')
      .where('id', '=', state.license.activationId)
      .executeTakeFirstOrThrow();
    expect(row.revoked_reason).toBe('deactivated on the device');
  });

  test('typed bob@acme.test, signed in at the IdP as Alice: the app names Alice — the signed license\'s holder — and says "You signed in as"; an edited license file cannot rename the holder', async () => {
    const { engine, options } = await engineFor('alice@acme.test');
    await engine.startSso('bob@acme.test');
    const state = engine.getState();
    if (state.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(state)}`);
    expect(state.license.licensedTo).toBe('alice@acme.test');
    expect(state.license.holderName).toBe('Alice Admin');
    expect(state.license.requestedEmail).toBe('bob@acme.test');
    // The file is the user's to edit: what it says about the holder is not what the app shows.
    const file = JSON.parse(await readFile(engine.licenseFilePath, 'utf8')) as Record<string, unknown>;
    await writeFile(engine.licenseFilePath, JSON.stringify({ ...file, licensedTo: 'mallory@acme.test' }));
    const { engine: restarted } = watched(options);
    await restarted.start();
    const again = restarted.getState();
    if (again.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(again)}`);
    expect(again.license.licensedTo).toBe('alice@acme.test');
    expect(again.license.requestedEmail).toBe('bob@acme.test');
    await restarted.deactivate();
  });

  test('typed BOB@ACME.TEST and signed in as Bob: the app names bob@acme.test as the license does, and sees no mismatch', async () => {
    const { engine } = await engineFor('bob@acme.test');
    await engine.startSso('BOB@ACME.TEST');
    const state = engine.getState();
    if (state.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(state)}`);
    expect(state.license.licensedTo).toBe('bob@acme.test');
    expect(state.license.requestedEmail).toBeNull();
    await engine.deactivate();
  });

  test('a refusal from the service ends in failed with its plain message, what to ask IT and the log reference; trying again from failed fails the same way; Dismiss goes back to idle', async () => {
    const { engine, phases } = await engineFor('carol@acme.test');
    await engine.startSso('carol@acme.test');
    expect(phases).toEqual(['waiting-for-browser', 'exchanging', 'failed']);
    const state = engine.getState();
    if (state.phase !== 'failed') throw new Error('not failed');
    expect(state.failure.code).toBe('USER_NOT_IN_GROUP');
    expect(state.failure.message).toMatch(/group/i);
    // What to tell IT names the group of step 3; the report names who tried (issue 20 item 4).
    expect(state.failure.askIt).toContain('"Latchkey Desktop Users"');
    expect(state.failure.tried).toEqual({ email: 'carol@acme.test', via: 'sso' });
    expect(state.failure.reference).toMatch(/^\d+$/);
    expect(engine.diagnosticReport()).toContain('USER_NOT_IN_GROUP');
    expect(engine.diagnosticReport()).toContain('email tried: carol@acme.test (single sign-on)');
    await engine.startSso('carol@acme.test');
    expect(failureOf(engine)).toBe('USER_NOT_IN_GROUP');
    await engine.dismissFailure();
    expect(engine.getState().phase).toBe('idle');
  });

  test('a domain that cannot sign in fails before any browser opens, from idle and again from failed', async () => {
    let opened = false;
    const { engine, phases } = await engineFor('someone@unregistered.test', {
      openBrowser: async () => {
        opened = true;
      },
    });
    await engine.startSso('someone@unregistered.test');
    await engine.startSso('someone@unregistered.test');
    expect(phases).toEqual(['failed', 'failed']);
    expect(failureOf(engine)).toBe('DOMAIN_NOT_REGISTERED');
    expect(opened).toBe(false);
  });

  test("an ID token whose nonce is not the app's (the request altered on its way) → SIGN_IN_RESPONSE_INVALID, nothing stored", async () => {
    const { engine, phases, secrets } = await engineFor('alice@acme.test', {
      openBrowser: async (url) => {
        const altered = new URL(url);
        altered.searchParams.set('nonce', 'not-the-apps-nonce');
        await browse(altered.href, 'alice@acme.test');
      },
    });
    await engine.startSso('alice@acme.test');
    expect(phases).toEqual(['waiting-for-browser', 'exchanging', 'failed']);
    expect(failureOf(engine)).toBe('SIGN_IN_RESPONSE_INVALID');
    expect(engine.diagnosticReport()).toMatch(/nonce/);
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();
    expect(secrets.size).toBe(0);
  });

  test('the private-use scheme callback: the OS hands com.latchkey.desktop:/callback to the app, which activates', async () => {
    // The shell that receives the OS's open-url: it hands the URL to the engine.
    const shell: { engine?: ActivationEngine } = {};
    const made = await engineFor('alice@acme.test', {
      redirect: 'scheme',
      openBrowser: async (url) => {
        const { callback } = await browse(url, 'alice@acme.test', 'com.latchkey.desktop:');
        if (!callback) throw new Error('the browser did not reach the scheme');
        expect(shell.engine?.handleOpenUrl('com.latchkey.desktop:/elsewhere?code=x')).toBe(false);
        expect(shell.engine?.handleOpenUrl(callback)).toBe(true);
      },
    });
    shell.engine = made.engine;
    await made.engine.startSso('alice@acme.test');
    expect(made.phases.at(-1)).toBe('activated');
    await made.engine.deactivate();
  });

  test('an organisation that forbids local listeners (AllowLocalListeners false): the browser returns through the scheme, no port is opened', async () => {
    const shell: { engine?: ActivationEngine } = {};
    const forbidding = effectivePolicy(
      [
        {
          source: 'managed-machine',
          where: '/etc/latchkey/policy.json',
          values: new Map([['AllowLocalListeners', false]]),
        },
      ],
      { defaults: noPolicyDefaults(null), allowManagedServiceUrl: false },
    );
    let redirectUri = '';
    const made = await engineFor('alice@acme.test', {
      policy: () => forbidding,
      openBrowser: async (url) => {
        redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
        const { callback } = await browse(url, 'alice@acme.test', 'com.latchkey.desktop:');
        if (!callback) throw new Error('the browser did not reach the scheme');
        expect(shell.engine?.handleOpenUrl(callback)).toBe(true);
      },
    });
    shell.engine = made.engine;
    await made.engine.startSso('alice@acme.test');
    expect(redirectUri).toMatch(/^com\.latchkey\.desktop:/);
    expect(made.phases.at(-1)).toBe('activated');
    await made.engine.deactivate();
  });

  test('timeout → BROWSER_CANCELLED; Cancel → back to idle; a locked keychain → KEYCHAIN_UNAVAILABLE before the browser opens', async () => {
    const { engine } = await engineFor('alice@acme.test', {
      openBrowser: async () => undefined,
      signInTimeoutMs: 300,
    });
    await engine.startSso('alice@acme.test');
    expect(failureOf(engine)).toBe('BROWSER_CANCELLED');

    const user: { engine?: ActivationEngine } = {};
    const made = await engineFor('alice@acme.test', {
      // The user presses Cancel while the browser is out.
      openBrowser: async () => user.engine?.cancel(),
    });
    user.engine = made.engine;
    await made.engine.startSso('alice@acme.test');
    expect(made.phases).toEqual(['waiting-for-browser', 'idle']);

    let opened = false;
    // Stands in for a locked OS keychain (the in-memory store cannot be locked).
    const locked: SecretStore = {
      getPassword: async () => {
        throw new KeychainUnavailable('the keychain is locked');
      },
      setPassword: async () => {
        throw new KeychainUnavailable('the keychain is locked');
      },
      deletePassword: async () => {
        throw new KeychainUnavailable('the keychain is locked');
      },
    };
    const { engine: noKeychain } = await engineFor('alice@acme.test', {
      secrets: locked,
      openBrowser: async () => {
        opened = true;
      },
    });
    await noKeychain.startSso('alice@acme.test');
    expect(failureOf(noKeychain)).toBe('KEYCHAIN_UNAVAILABLE');
    expect(opened).toBe(false);
  });
});

test('real flows above reached every row of the table that sso-activation.ts causes', () => {
  expect(notReached(rowsByModule['sso-activation.ts'] ?? [])).toEqual([]);
});
