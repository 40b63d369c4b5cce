// "Why can't this user activate?" as the console shows it: verdicts in words,
// evidence as phrases (groups with their source, counts against limits), and
// the summary naming the first failing rule.
import { expect, test } from 'vitest';
import type { AccessCheck } from '../../../common/access-check.ts';
import {
  accessSummary,
  describeValue,
  evidenceLines,
  failingRule,
  humanName,
  verdictText,
} from '../../../renderer/console/lib/access-check.ts';

const refused: AccessCheck = {
  email: 'carol@acme.test',
  userId: 'u-carol',
  via: 'sso',
  allowed: false,
  code: 'USER_NOT_IN_GROUP',
  checkedAt: '2026-12-01T13:00:00.000Z',
  rules: [
    {
      rule: 'domain',
      title: 'Domain claimed and verified',
      verdict: 'pass',
      code: null,
      evidence: { domain: 'acme.test', verified: true },
      remedy: null,
    },
    {
      rule: 'group',
      title: 'In the desktop-users group',
      verdict: 'fail',
      code: 'USER_NOT_IN_GROUP',
      evidence: { groups: [], desktopGroup: { name: 'Latchkey Desktop Users', via: 'scim' } },
      remedy: 'Add the user to the desktop-users group mapped in step 3.',
    },
    {
      rule: 'seats',
      title: 'A seat is free',
      verdict: 'not-reached',
      code: null,
      evidence: {},
      remedy: null,
    },
  ],
};

test('each verdict is a word with a symbol, so it does not rest on colour', () => {
  expect(verdictText).toEqual({ pass: '✓ Pass', fail: '✗ Fails', 'not-reached': '– Not reached' });
});

test('evidence reads as phrases: a group with where it came from, a count against its limit', () => {
  expect(describeValue({ name: 'Latchkey Desktop Users', via: 'scim' })).toBe(
    'Latchkey Desktop Users (via SCIM)',
  );
  expect(describeValue([{ name: 'Design', source: 'saml' }])).toBe('Design (via the SAML claim)');
  expect(describeValue({ used: 3, total: 10 })).toBe('3 / 10');
  expect(describeValue({ used: 1, limit: 3 })).toBe('1 / 3');
  expect(describeValue([])).toBe('(none)');
  expect(describeValue(false)).toBe('no');
  expect(describeValue({ expiresAt: '2099-01-01', expired: false })).toBe(
    'expires at: 2099-01-01; expired: no',
  );
  expect(humanName('seatsUsed')).toBe('Seats used');
  expect(humanName('integration_status')).toBe('Integration status');
});

test('evidence named like a secret never reaches the screen', () => {
  expect(evidenceLines({ evidence: { bearerToken: 'lks_abc', nested: { clientSecret: 'x' } } })).toEqual([
    { name: 'Bearer token', value: '[redacted]' },
    { name: 'Nested', value: 'client secret: [redacted]' },
  ]);
});

test('the summary names the first failing rule and the code a real activation meets', () => {
  expect(failingRule(refused)?.rule).toBe('group');
  expect(accessSummary(refused)).toBe(
    'carol@acme.test cannot activate: rule “group” fails (In the desktop-users group), refused with USER_NOT_IN_GROUP.',
  );
  expect(accessSummary({ ...refused, allowed: true, code: null })).toBe(
    'carol@acme.test can activate: every rule passes.',
  );
});
