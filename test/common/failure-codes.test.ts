import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import {
  allFailureCodes,
  describeFailure,
  isFailureCode,
  remedyFor,
  userMessageFor,
} from '../../common/failure-codes.ts';

// The codes DESIGN.md lists under "Failure codes" are the contract.
function designSection(): string {
  const design = readFileSync(new URL('../../../shared/DESIGN.md', import.meta.url), 'utf8');
  return design.split('## Failure codes')[1]?.split('\n## ')[0] ?? '';
}
function codesInDesign(): string[] {
  return [...designSection().matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1] ?? '');
}
// Codes DESIGN.md asks for in words, without naming them: the phrase each one answers.
const describedInWords: Record<string, string> = {
  LICENSE_UNTRUSTED: "a license not signed under the app's root",
  SAML_WEAK_ALGORITHM: 'a refused weak (SHA-1) signature algorithm',
  TOKEN_WITHOUT_DEVICE_KEY: 'token used without its device key',
  PROXY_REFUSED: 'proxy refused',
  PROXY_AUTH_REQUIRED: 'needs authentication',
  PAC_UNREADABLE: 'PAC unreadable',
  CERTIFICATE_NOT_TRUSTED: 'certificate not trusted',
};
// Codes an issue asked for that DESIGN.md's list does not name yet (DESIGN says "at least").
const askedForByIssue: Record<string, string> = {
  SIGN_IN_RESPONSE_INVALID:
    'issue 14 item 4: an unexpected error from openid-client (nonce or claim mismatch)',
  DATA_FOLDER_UNWRITABLE:
    'issue 20 item 7: the data folder checked before the sign-in; a device that cannot store the license hands the seat back',
  INTERNAL_ERROR: 'issue 21 item 6: a defect in the app, kept apart from a network failure',
  SIGN_IN_EXPIRED:
    'issue 21 item 2: without SCIM, a license renews only within a bounded time after the last SSO sign-in',
  DEVICE_RECLAIMED:
    "issue 23 item 2: the license's reclamation policy released a device silent for N days; the user is told on the next check-in",
  DPOP_PROOF_REFUSED:
    'issue 26 item 3: a replayed DPoP proof, or one for another URL or method, refused (RFC 9449)',
  PROXY_UNREACHABLE:
    'issue 25 item 4: the proxy the device is set to use does not accept a connection (kept apart from the service not answering)',
  DEVICE_RELEASED_BY_USER: 'issue 26 item 1: the holder released this device from another one (My devices)',
  SIGN_IN_NOT_FRESH: 'issue 26 item 1: releasing a device needs a fresh sign-in, the refusal is no proof',
  SELF_RELEASE_DISABLED: 'issue 26 item 1: an account setting turns self-service release off',
  DEVICE_APPROVAL_PENDING: 'issue 26 item 4: a new device waits for an admin approval',
  DEVICE_APPROVAL_DENIED: 'issue 26 item 4: an admin denied the new device',
  DEVICE_APPROVAL_EXPIRED: 'issue 26 item 4: approval requests expire after 7 days',
  DEVICE_CODE_NOT_ALLOWED: 'issue 26 item 2: signing in from a second device is opt-in per account',
  DEVICE_CODE_EXPIRED: 'issue 26 item 2: a device code expires unused (short expiry, RFC 8628)',
  DEVICE_CODE_DENIED: 'issue 26 item 2: the user refused the device on the confirmation page',
  SIGN_IN_RATE_LIMITED:
    'issue 26 leftover: "Sign in on another device" (or SSO discovery) asked too often from one address; the user is told to wait',
};

test('every failure code in DESIGN.md is in the catalog, and every other code answers a phrase of it', () => {
  const listed = codesInDesign();
  expect(listed.length).toBeGreaterThanOrEqual(25);
  expect(listed.filter((c) => !isFailureCode(c))).toEqual([]);
  const section = designSection().replace(/\s+/g, ' ');
  for (const [code, phrase] of Object.entries(describedInWords)) expect(section, code).toContain(phrase);
  expect(new Set(allFailureCodes)).toEqual(
    new Set([...listed, ...Object.keys(describedInWords), ...Object.keys(askedForByIssue)]),
  );
});

test('each code tells the user what to do, the admin how to fix it, and QA how to reproduce it', () => {
  for (const code of allFailureCodes) {
    const info = describeFailure(code);
    expect(info.userMessage.length, code).toBeGreaterThan(30);
    expect(info.userMessage, code).toMatch(/IT|again|Deactivate|Check/);
    expect(info.userMessage, code).not.toMatch(/SAML|InResponseTo|assertion|JWS|OAuth/);
    expect(info.adminRemedy.length, code).toBeGreaterThan(20);
    expect(info.qaScenario.length, code).toBeGreaterThan(10);
    expect(info.httpStatus, code).toBeGreaterThanOrEqual(400);
  }
});

test('failures decided by the service are 4xx; only app-side failures may be 5xx', () => {
  for (const code of allFailureCodes) {
    const info = describeFailure(code);
    if (info.side === 'service') expect(info.httpStatus, code).toBeLessThan(500);
  }
  expect(isFailureCode('NOT_A_CODE')).toBe(false);
  expect(isFailureCode('toString')).toBe(false);
});

test('USER_NOT_IN_GROUP tells IT the group by name where the refusal named it, else in general words', () => {
  expect(remedyFor('USER_NOT_IN_GROUP', { group: 'Latchkey Desktop Users' })).toBe(
    'Add the user to the group "Latchkey Desktop Users" (the desktop-users group of step 3 of the IdP integration), or to a group that holds a sublicense.',
  );
  // A group name is outside text: replacement patterns in it stay as they are.
  expect(remedyFor('USER_NOT_IN_GROUP', { group: 'Sales $& Ops' })).toContain('"Sales $& Ops"');
  expect(remedyFor('USER_NOT_IN_GROUP')).toBe(describeFailure('USER_NOT_IN_GROUP').adminRemedy);
  expect(remedyFor('USER_NOT_IN_GROUP', { group: '  ' })).toBe(
    describeFailure('USER_NOT_IN_GROUP').adminRemedy,
  );
  // Codes without a named form keep their one remedy, whatever is passed.
  expect(remedyFor('NO_SEATS_AVAILABLE', { group: 'X' })).toBe(
    describeFailure('NO_SEATS_AVAILABLE').adminRemedy,
  );
});

test('DEVICE_RECLAIMED tells the user after how many days, where the check-in answer said so', () => {
  expect(userMessageFor('DEVICE_RECLAIMED', { days: 45 })).toBe(
    'This computer was released after 45 days without use; activate again. If no seat is free, ask your IT team.',
  );
  // Without a sound number of days, the general words.
  for (const days of [undefined, null, 0, -3, 4.5, Number.NaN])
    expect(userMessageFor('DEVICE_RECLAIMED', { days })).toBe(
      describeFailure('DEVICE_RECLAIMED').userMessage,
    );
  expect(userMessageFor('NO_SEATS_AVAILABLE', { days: 45 })).toBe(
    describeFailure('NO_SEATS_AVAILABLE').userMessage,
  );
});

test('SIGN_IN_RATE_LIMITED tells the user how long to wait, where the refusal said so', () => {
  expect(userMessageFor('SIGN_IN_RATE_LIMITED', { waitMinutes: 14 })).toContain(
    'Wait 14 minutes and try again',
  );
  expect(userMessageFor('SIGN_IN_RATE_LIMITED', { waitMinutes: 1 })).toContain('Wait a minute and try again');
  for (const waitMinutes of [undefined, null, 0, -1, 2.5])
    expect(userMessageFor('SIGN_IN_RATE_LIMITED', { waitMinutes })).toBe(
      describeFailure('SIGN_IN_RATE_LIMITED').userMessage,
    );
  // A wait fills no other code's words.
  expect(userMessageFor('DEVICE_RECLAIMED', { waitMinutes: 5 })).toBe(
    describeFailure('DEVICE_RECLAIMED').userMessage,
  );
});
