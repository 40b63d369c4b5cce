// The examples in docs/examples are what the app reads without a problem: the .reg export,
// the configuration profile's payload, policy.json — and the ADMX template defines every key.
import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { expect, test } from 'vitest';
import { policyKeys } from '../../../../common/desktop-policy.ts';
import { effectivePolicy, noPolicyDefaults } from '../../../../main/core/policy/effective-policy.ts';
import { parsePolicyJson } from '../../../../main/core/policy/json-store.ts';
import { parsePlist } from '../../../../main/core/policy/plist-store.ts';
import { decodeRegFile, parseRegFile } from '../../../../main/core/policy/registry-store.ts';

const example = (name: string) => readFileSync(new URL(`../../../../docs/examples/${name}`, import.meta.url));
const problemsOf = (values: Map<string, unknown>) =>
  effectivePolicy([{ source: 'managed-machine', where: 'example', values }], {
    defaults: noPolicyDefaults(null),
    allowManagedServiceUrl: true,
  }).problems;

test('docs/examples: the .reg, the profile payload and policy.json hold only good keys; the ADMX defines each key', () => {
  const reg = parseRegFile(decodeRegFile(example('latchkey.reg')), 'HKEY_LOCAL_MACHINE');
  expect(reg.get('ActivateAtStart')).toBe(1);
  expect(problemsOf(reg)).toEqual([]);

  const profile = parsePlist(example('latchkey.mobileconfig'));
  const payload = new Map(
    Object.entries((profile.get('PayloadContent') as Record<string, unknown>[])[0] ?? {}),
  );
  for (const key of [...payload.keys()]) if (key.startsWith('Payload')) payload.delete(key);
  // $EMAIL is for the MDM to expand: as written it is the one problem.
  expect(problemsOf(payload).map((p) => p.key)).toEqual(['Email']);
  payload.set('Email', 'alice@example.com');
  expect(problemsOf(payload)).toEqual([]);

  expect(problemsOf(parsePolicyJson(example('policy.json').toString()))).toEqual([]);

  const admx = new DOMParser().parseFromString(example('latchkey.admx').toString(), 'text/xml');
  const names = Array.from(admx.getElementsByTagName('policy')).map((p) => p.getAttribute('name'));
  expect(names).toEqual([...policyKeys]);
});
