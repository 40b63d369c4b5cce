// A user's timeline in the words an admin reads (issue 23 item 6).
import { expect, test } from 'vitest';
import { entryWords } from '../../../renderer/console/lib/timeline-words.ts';

const at = '2026-03-03T11:00:00.000Z';
const okta = { kind: 'scim', label: 'Okta' } as const;

test('a SCIM removal from a group names the group and the token the IdP used', () => {
  expect(
    entryWords({ kind: 'membership', at, change: 'removed', group: 'Desktop Users', actor: okta }),
  ).toEqual({ title: 'Removed from group Desktop Users by Okta (SCIM)', detail: null, tone: 'loss' });
});

test('a revocation says its code, the device and what the admin can do', () => {
  const words = entryWords({
    kind: 'revocation',
    at,
    activationId: 'a1',
    deviceName: "Alice's MacBook",
    code: 'USER_NOT_IN_GROUP',
    reason: 'USER_NOT_IN_GROUP',
  });
  expect(words.title).toBe('License revoked: USER_NOT_IN_GROUP');
  expect(words.detail).toMatch(/^Alice's MacBook\. Add the user to the desktop-users group/);
});

test('check-ins of a day: one says when, several say the first and the last (UTC)', () => {
  const day = { kind: 'check-ins', activationId: 'a1', deviceName: 'Mac', day: '2026-03-03' } as const;
  expect(entryWords({ ...day, at, count: 1, lastAt: at }).title).toBe('Checked in 1 time from Mac');
  const many = entryWords({ ...day, at, count: 14, lastAt: '2026-03-03T17:45:00.000Z' });
  expect(many.title).toBe('Checked in 14 times from Mac');
  expect(many.detail).toMatch(/^On 2026-03-03, first at 11:00, last at 17:45 UTC\.$/);
});

test('an audit action without words of its own is shown as it is, with who did it', () => {
  expect(
    entryWords({
      kind: 'directory',
      at,
      action: 'user.renamed',
      actor: { kind: 'admin', label: 'it@acme.test' },
    }).title,
  ).toBe('user.renamed by it@acme.test');
  expect(entryWords({ kind: 'directory', at, action: 'scim.user_deactivated', actor: okta }).title).toBe(
    'Deactivated by Okta (SCIM)',
  );
});

test('an action or stage named like an object property is still just words', () => {
  expect(entryWords({ kind: 'directory', at, action: 'constructor', actor: okta }).title).toBe(
    'constructor by Okta (SCIM)',
  );
  expect(entryWords({ kind: 'refusal', at, stage: '__proto__', code: null, reference: 7 }).title).toBe(
    'Refused at __proto__: no code',
  );
});
