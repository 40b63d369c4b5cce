// Each platform's policy store parsed from a fixture in its own format: a configuration
// profile's plist (XML and binary), a .reg export (UTF-16LE, as regedit writes it), what
// `reg query` prints, and /etc/latchkey/policy.json — then checked key by key.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { generateRegistryParser, parserFile } from '../../../../scripts/build-registry-parser.ts';
import { parsePolicyJson } from '../../../../main/core/policy/json-store.ts';
import { parsePlist } from '../../../../main/core/policy/plist-store.ts';
import { checkPolicyKey } from '../../../../main/core/policy/policy-schema.ts';
import { decodeRegFile, parseRegFile, parseRegQuery } from '../../../../main/core/policy/registry-store.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const entries = (values: Map<string, unknown>) => Object.fromEntries(values);

describe('policy store formats', () => {
  test('an XML plist of a configuration profile gives its typed values', () => {
    expect(entries(parsePlist(fixture('machine.plist')))).toEqual({
      ServiceURL: 'https://license.acme.test',
      EmailDomain: 'acme.test',
      ActivationMethods: 'sso',
      ActivateAtStart: true,
      AllowDeactivate: false,
      CheckInIntervalHours: 12,
    });
  });

  test('a binary plist (bplist00) is read as well', () => {
    expect(fixture('user.bplist').subarray(0, 8).toString()).toBe('bplist00');
    expect(entries(parsePlist(fixture('user.bplist')))).toMatchObject({
      Email: '$EMAIL',
      ActivateAtStart: false,
    });
  });

  test('a .reg export in UTF-16LE: strings, DWORDs, a continued hex line, a deleted value, only the asked hive', () => {
    const text = decodeRegFile(fixture('HKLM.reg'));
    expect(entries(parseRegFile(text, 'HKEY_LOCAL_MACHINE'))).toEqual({
      ServiceURL: 'https://license.acme.test/',
      EmailDomain: 'acme.test',
      ActivationMethods: 'sso',
      ActivateAtStart: 1,
      AllowDeactivate: 0,
      CheckInIntervalHours: 12,
    });
    expect(entries(parseRegFile(text, 'HKEY_CURRENT_USER'))).toEqual({ Email: 'alice@acme.test' });
  });

  test('`reg query` output: REG_SZ, REG_DWORD in hex, other types kept as unsupported', () => {
    const values = parseRegQuery(fixture('reg-query-hkcu.txt').toString(), 'HKEY_CURRENT_USER');
    expect(entries(values)).toEqual({
      Email: 'alice@acme.test',
      ActivateAtStart: 1,
      CheckInIntervalHours: 'twelve',
      Blob: { unsupported: 'REG_BINARY' },
    });
    expect(checkPolicyKey('Blob', values.get('Blob'))).toMatchObject({ ok: false });
  });

  test('/etc/latchkey/policy.json', () => {
    expect(entries(parsePolicyJson(fixture('policy.json').toString()))).toMatchObject({
      ActivateAtStart: true,
    });
  });

  test('unreadable stores say why instead of throwing something else', () => {
    expect(() => parsePlist(Buffer.from('<plist><dict><key>A</key>'))).toThrow(
      /not a readable property list/,
    );
    expect(() => parsePolicyJson('[1]')).toThrow(/one JSON object/);
    expect(() => parseRegFile('[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n', 'HKEY_LOCAL_MACHINE')).toThrow(
      /registry export/,
    );
  });

  test('registry-parser.generated.js is generated from the current grammar', () => {
    expect(readFileSync(parserFile, 'utf8') === generateRegistryParser()).toBe(true);
  });
});

describe('each key checked on its own', () => {
  test.each([
    ['ActivateAtStart', 1, true],
    ['AllowDeactivate', false, false],
    ['activationmethods', 'key', 'key'],
    ['ServiceURL', 'https://license.acme.test/', 'https://license.acme.test'],
    ['EmailDomain', '@ACME.test', 'acme.test'],
    ['CheckInIntervalHours', 24, 24],
  ])('%s = %j is accepted as %j', (key, raw, value) => {
    expect(checkPolicyKey(key, raw)).toMatchObject({ ok: true, value });
  });

  test.each([
    ['Email', '$EMAIL', /MDM variable/],
    ['Email', '{{mail}}', /MDM variable/],
    ['Email', 'alice', /email address/],
    ['ServiceURL', 'http://license.acme.test', /https/],
    ['ActivationMethods', 'all', /sso, key, both/],
    ['ActivateAtStart', 'yes', /ActivateAtStart/],
    ['CheckInIntervalHours', 0, /1 to 720/],
    ['CheckInIntervalHours', 'twelve', /whole number/],
    ['Colour', 'blue', /not a Latchkey policy key/],
  ])('%s = %j is refused (%s)', (key, raw, problem) => {
    const checked = checkPolicyKey(key, raw);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem).toMatch(problem);
  });
});
