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
      evidence: {
        detail: 'the user is not in the desktop-users group nor in a group with a sublicense',
        desktopGroup: { id: 'grp-desktop', name: 'Latchkey Desktop Users' },
        scimGroups: [],
        claimGroups: null,
        matched: [],
      },
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
  expect(describeValue({ group: 'Latchkey Desktop Users', via: 'scim', grants: 'desktop-users' })).toBe(
    'Latchkey Desktop Users (via SCIM, grants desktop-users)',
  );
  expect(describeValue([{ group: 'Design', via: 'saml-claim', grants: 'sublicense' }])).toBe(
    'Design (via the SAML claim, grants sublicense)',
  );
  expect(describeValue({ id: 'grp-desktop', name: 'Latchkey Desktop Users' })).toBe(
    'Latchkey Desktop Users (ID grp-desktop)',
  );
  expect(describeValue([])).toBe('(none)');
  expect(describeValue(false)).toBe('no');
  expect(describeValue([{ id: 'lic1', edition: 'business', expiresAt: '2099-01-01' }])).toBe(
    'id: lic1; edition: business; expires at: 2099-01-01',
  );
  expect(humanName('seatsUsed')).toBe('Seats used');
  expect(humanName('integration_status')).toBe('Integration status');
});

test('seats used / total and devices used / limit read as one line each', () => {
  expect(
    evidenceLines({
      evidence: { licenseId: 'lic1', pool: 'desktop-users', used: 3, total: 10, holdsSeat: false },
    }),
  ).toEqual([
    { name: 'License', value: 'lic1' },
    { name: 'Seat pool', value: 'desktop-users' },
    { name: 'Used / total', value: '3 / 10' },
    { name: 'Already holds a seat', value: 'no' },
  ]);
  expect(evidenceLines({ evidence: { used: 1, limit: 3, devices: ['Mac'] } })).toEqual([
    { name: 'Used / limit', value: '1 / 3' },
    { name: 'Devices', value: 'Mac' },
  ]);
});

test('a failing group rule shows which group was wanted and that none matched', () => {
  expect(evidenceLines(refused.rules[1] ?? { evidence: {} })).toContainEqual({
    name: 'Desktop-users group (step 3)',
    value: 'Latchkey Desktop Users (ID grp-desktop)',
  });
  expect(evidenceLines(refused.rules[1] ?? { evidence: {} })).toContainEqual({
    name: 'Groups via SCIM',
    value: '(none)',
  });
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
