// The wire constants both sides import: what the service builds, the app reads back.
import { expect, test } from 'vitest';
import { generateLicenseKey } from '../../backend/licensing/license-registry.ts';
import { licenseKeyProblem } from '../../common/activation-input.ts';
import {
  formatFailureDescription,
  parseFailureDescription,
  parseTypedReference,
} from '../../common/failure-reference.ts';
import { licenseKeyPattern } from '../../common/license-key.ts';

test('"CODE ref:N": what the service writes, the app reads back; anything else gives no code and no reference', () => {
  expect(formatFailureDescription('USER_NOT_IN_GROUP', 42)).toBe('USER_NOT_IN_GROUP ref:42');
  expect(parseFailureDescription(formatFailureDescription('NO_SEATS_AVAILABLE', '7'))).toEqual({
    code: 'NO_SEATS_AVAILABLE',
    reference: '7',
  });
  expect(parseFailureDescription('End-User aborted interaction')).toEqual({ code: null, reference: null });
  expect(parseFailureDescription('__proto__ ref:')).toEqual({ code: null, reference: null });
});

test("the service's generated keys pass the app's and the CLI's check", () => {
  for (let i = 0; i < 50; i++) {
    const key = generateLicenseKey();
    expect(key).toMatch(licenseKeyPattern);
    expect(licenseKeyProblem(key)).toBeNull();
  }
  expect(licenseKeyProblem('LK-IIIII-00000-00000-00000')).toMatch(/exactly as given/);
});

test('a reference typed as it is read off a screen is its number; anything else is none', () => {
  for (const typed of [formatFailureDescription('USER_NOT_IN_GROUP', 42), 'ref:42', 'ref 42', '#42', ' 42 '])
    expect(parseTypedReference(typed)).toBe(42);
  for (const typed of ['banana', '', '0', '42 43', 'ref:', '1e3', '-4', '99999999999999999999'])
    expect(parseTypedReference(typed)).toBeNull();
});
