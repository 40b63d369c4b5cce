// Step 5's rotation: the old token is offered for revocation only once the IdP has used the new one.
import { expect, test } from 'vitest';
import type { ScimToken } from '../../../renderer/console/api/types.ts';
import { rotationOf } from '../../../renderer/console/lib/scim-rotation.ts';

const token = (id: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null = null) =>
  ({ id, label: 'Okta', lastCharacters: id, createdAt, lastUsedAt, revokedAt }) satisfies ScimToken;

test('one live token: nothing to rotate; none: nothing at all', () => {
  expect(rotationOf([])).toEqual({ stage: 'none' });
  const only = token('aaaa', '2026-01-01T00:00:00Z', null);
  expect(rotationOf([only, token('gone', '2026-02-01T00:00:00Z', null, '2026-02-02T00:00:00Z')])).toEqual({
    stage: 'single',
    token: only,
  });
});

test('a second token not yet used by the IdP: wait (revoking the old would cut the IdP off)', () => {
  const old = token('old1', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z');
  const fresh = token('new1', '2026-03-02T00:00:00Z', null);
  expect(rotationOf([fresh, old])).toEqual({ stage: 'waiting', newest: fresh, old: [old] });
});

test('once the IdP used the new token, the old ones are offered for revocation', () => {
  const old = token('old1', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z');
  const fresh = token('new1', '2026-03-02T00:00:00Z', '2026-03-02T00:05:00Z');
  expect(rotationOf([old, fresh])).toEqual({ stage: 'revoke-old', newest: fresh, old: [old] });
});
