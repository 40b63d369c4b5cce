// The policy in force: machine > user > the user's own settings > build defaults, each
// value knowing its source; malformed keys ignored one by one; a change picked up while
// running (the file written, the value changes, no restart).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { effectivePolicy, noPolicyDefaults } from '../../../../main/core/policy/effective-policy.ts';
import { policyLocations } from '../../../../main/core/policy/policy-locations.ts';
import { PolicyStore } from '../../../../main/core/policy/policy-store.ts';
import { readPolicyStores } from '../../../../main/core/policy/read-policy.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const build = {
  defaults: noPolicyDefaults('https://license.latchkey.example'),
  allowManagedServiceUrl: true,
};
const roots: string[] = [];
function root(): string {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-policy-'));
  roots.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A stand-in root with macOS's managed preferences: machine XML plist, alice's binary plist. */
function macRoot(): string {
  const dir = root();
  const managed = join(dir, 'Library', 'Managed Preferences');
  mkdirSync(join(managed, 'alice'), { recursive: true });
  copyFileSync(fixture('machine.plist'), join(managed, 'com.latchkey.desktop.plist'));
  copyFileSync(fixture('user.bplist'), join(managed, 'alice', 'com.latchkey.desktop.plist'));
  return dir;
}

describe('effective policy', () => {
  test('macOS: the machine profile wins over the user one, the user one over own settings, the rest are build defaults', async () => {
    const dir = macRoot();
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({ Email: 'alice@acme.test', CheckInIntervalHours: 48 }));
    const locations = policyLocations({ platform: 'darwin', user: 'alice', root: dir });
    const policy = effectivePolicy(await readPolicyStores(locations, settings), build);
    const machine = join(dir, 'Library/Managed Preferences/com.latchkey.desktop.plist');
    const user = join(dir, 'Library/Managed Preferences/alice/com.latchkey.desktop.plist');
    expect(policy.values).toEqual({
      ServiceURL: { value: 'https://license.acme.test', source: 'managed-machine', where: machine },
      EmailDomain: { value: 'acme.test', source: 'managed-machine', where: machine },
      // The user profile's $EMAIL was never expanded: unset there, so the user's own setting applies.
      Email: { value: 'alice@acme.test', source: 'user-settings', where: settings },
      ActivationMethods: { value: 'sso', source: 'managed-machine', where: machine },
      ActivateAtStart: { value: true, source: 'managed-machine', where: machine },
      AllowDeactivate: { value: false, source: 'managed-machine', where: machine },
      CheckInIntervalHours: { value: 12, source: 'managed-machine', where: machine },
      ProxyPacURL: { value: null, source: 'build-default', where: null },
      AllowLocalListeners: { value: true, source: 'build-default', where: null },
    });
    expect(policy.problems.every((p) => p.where === user)).toBe(true);
    // Malformed keys are each reported and ignored; the rest of the same file applies.
    expect(policy.problems.map((p) => [p.source, p.key, p.problem])).toEqual([
      ['managed-user', 'Email', expect.stringMatching(/MDM variable/)],
      ['managed-user', 'CheckInIntervalHours', expect.stringMatching(/whole number/)],
      ['managed-user', 'Colour', 'Colour is not a Latchkey policy key'],
    ]);
  });

  test('Windows (.reg exports standing in for HKLM and HKCU): HKLM first, then HKCU', async () => {
    const dir = root();
    copyFileSync(fixture('HKLM.reg'), join(dir, 'HKLM.reg'));
    writeFileSync(
      join(dir, 'HKCU.reg'),
      'Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Latchkey]\n"Email"="bob@acme.test"\n"ActivationMethods"="both"\n',
    );
    const policy = effectivePolicy(
      await readPolicyStores(policyLocations({ platform: 'win32', user: 'alice', root: dir }), null),
      build,
    );
    expect(policy.values.ActivationMethods).toMatchObject({ value: 'sso', source: 'managed-machine' });
    expect(policy.values.Email).toMatchObject({ value: 'bob@acme.test', source: 'managed-user' });
    expect(policy.values.CheckInIntervalHours.value).toBe(12);
    expect(policy.problems).toEqual([]);
  });

  test('the network keys: a managed PAC URL and local listeners forbidden (a DWORD 0); a PAC that is no http(s) URL is reported and ignored', async () => {
    const dir = root();
    writeFileSync(
      join(dir, 'HKLM.reg'),
      'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Latchkey]\n"ProxyPacURL"="https://pac.acme.test/proxy.pac"\n"AllowLocalListeners"=dword:00000000\n',
    );
    writeFileSync(
      join(dir, 'HKCU.reg'),
      'Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Latchkey]\n"ProxyPacURL"="file:///etc/proxy.pac"\n',
    );
    const policy = effectivePolicy(
      await readPolicyStores(policyLocations({ platform: 'win32', user: 'alice', root: dir }), null),
      build,
    );
    expect(policy.values.ProxyPacURL).toMatchObject({
      value: 'https://pac.acme.test/proxy.pac',
      source: 'managed-machine',
    });
    expect(policy.values.AllowLocalListeners).toMatchObject({ value: false, source: 'managed-machine' });
    expect(policy.problems.map((p) => [p.source, p.key, p.problem])).toEqual([
      ['managed-user', 'ProxyPacURL', expect.stringMatching(/http or https URL/)],
    ]);
  });

  test('the root of trust is never policy, and ServiceURL applies only where the build allows a managed service', async () => {
    const dir = root();
    mkdirSync(join(dir, 'etc', 'latchkey'), { recursive: true });
    copyFileSync(fixture('policy.json'), join(dir, 'etc/latchkey/policy.json'));
    const locations = policyLocations({ platform: 'linux', user: 'alice', root: dir });
    const stores = await readPolicyStores(locations, null);
    const locked = effectivePolicy(stores, { ...build, allowManagedServiceUrl: false });
    expect(locked.values.ServiceURL).toEqual({
      value: 'https://license.latchkey.example',
      source: 'build-default',
      where: null,
    });
    expect(locked.problems.map((p) => p.problem)).toEqual([
      'ServiceURL is ignored: this build does not allow a managed service',
    ]);
    expect(effectivePolicy(stores, build).values.ServiceURL.source).toBe('managed-machine');
  });

  test('an unreadable file is reported, the other stores still apply', async () => {
    const dir = macRoot();
    writeFileSync(join(dir, 'Library/Managed Preferences/com.latchkey.desktop.plist'), '<plist><dict>');
    const policy = effectivePolicy(
      await readPolicyStores(policyLocations({ platform: 'darwin', user: 'alice', root: dir }), null),
      build,
    );
    expect(policy.problems[0]).toMatchObject({
      key: null,
      source: 'managed-machine',
      problem: expect.stringMatching(/not a readable property list/),
    });
    expect(policy.values.EmailDomain).toMatchObject({ value: 'other.test', source: 'managed-user' });
  });

  test('contradictions: an Email outside EmailDomain, ActivateAtStart with key-only activation', () => {
    const values = new Map<string, unknown>([
      ['Email', 'alice@other.test'],
      ['EmailDomain', 'acme.test'],
      ['ActivateAtStart', true],
      ['ActivationMethods', 'key'],
    ]);
    const policy = effectivePolicy([{ source: 'managed-machine', where: 'policy.json', values }], build);
    expect(policy.values.Email.value).toBeNull();
    expect(policy.values.ActivateAtStart.value).toBe(false);
    expect(policy.problems.map((p) => p.key)).toEqual(['Email', 'ActivateAtStart']);
  });
});

describe('policy store', () => {
  test('a policy file written while the app runs changes the value in force, without a restart', async () => {
    const dir = root();
    const folder = join(dir, 'etc', 'latchkey');
    mkdirSync(folder, { recursive: true });
    const store = await PolicyStore.open({
      locations: policyLocations({ platform: 'linux', user: 'alice', root: dir }),
      userSettingsFile: null,
      build,
      debounceMs: 50,
    });
    expect(store.current().values.ActivateAtStart).toMatchObject({ value: false, source: 'build-default' });
    store.watch();
    const changed = new Promise((resolve) => store.onChange(resolve));
    writeFileSync(join(folder, 'policy.json'), JSON.stringify({ ActivateAtStart: true }));
    await changed;
    store.close();
    expect(store.current().values.ActivateAtStart).toMatchObject({ value: true, source: 'managed-machine' });
  });
});
