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

test('"CODE ref:N [reason:CODE]": what the service writes, the app reads back; anything else gives no code and no reference', () => {
  expect(formatFailureDescription('USER_NOT_IN_GROUP', 42)).toBe('USER_NOT_IN_GROUP ref:42');
  expect(parseFailureDescription(formatFailureDescription('NO_SEATS_AVAILABLE', '7'))).toEqual({
    code: 'NO_SEATS_AVAILABLE',
    reference: '7',
    reason: null,
    group: null,
  });
  const revoked = formatFailureDescription('ACTIVATION_REVOKED', 9, { reason: 'USER_NOT_IN_GROUP' });
  expect(revoked).toBe('ACTIVATION_REVOKED ref:9 reason:USER_NOT_IN_GROUP');
  expect(parseFailureDescription(revoked)).toEqual({
    code: 'ACTIVATION_REVOKED',
    reference: '9',
    reason: 'USER_NOT_IN_GROUP',
    group: null,
  });
  const none = { code: null, reference: null, reason: null, group: null };
  expect(parseFailureDescription('End-User aborted interaction')).toEqual(none);
  expect(parseFailureDescription('__proto__ ref: reason:toString')).toEqual(none);
});

test('USER_NOT_IN_GROUP carries the group by name, in the characters an error_description allows', () => {
  const described = formatFailureDescription('USER_NOT_IN_GROUP', 42, {
    group: 'Latchkey "Desktop" Users ✓',
  });
  // RFC 6749 §4.1.2.1: %x20-21 / %x23-5B / %x5D-7E.
  expect(described).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/);
  expect(parseFailureDescription(described)).toEqual({
    code: 'USER_NOT_IN_GROUP',
    reference: '42',
    reason: null,
    group: 'Latchkey "Desktop" Users ✓',
  });
  expect(parseFailureDescription('USER_NOT_IN_GROUP ref:42 group:%E0%A4%A')).toMatchObject({ group: null });
  expect(parseFailureDescription(`USER_NOT_IN_GROUP ref:1 group:${'a'.repeat(400)}`).group).toHaveLength(256);
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
