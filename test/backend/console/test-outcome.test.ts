// What a Test connection outcome keeps: decoded facts, with secret-looking
// attribute values and secret strings redacted before they are stored.
import { expect, test } from 'vitest';
import { groupMatchesOf, redactOutcome } from '../../../backend/console/test-outcome.ts';

test('secret-looking attributes lose their values; names, groups and certificate fingerprints stay', () => {
  const attributes = Object.assign(Object.create(null) as Record<string, string[]>, {
    email: ['alice@acme.test'],
    groups: ['grp-admins'],
    userPassword: ['hunter2'],
    'urn:custom:api-token': ['tok_123'],
    __proto__: ['not a prototype'],
  });
  const out = redactOutcome({
    attributes,
    signatureValue: 'AbCdEf==',
    signatures: { assertion: { algorithm: 'rsa-sha256', verifiedBy: 'AB:CD:EF' }, response: 'absent' },
    certificate: 'MIIC…',
    responseIssuer: 'https://idp.example/',
  });
  const kept = out.attributes as Record<string, string[]>;
  expect(kept.email).toEqual(['alice@acme.test']);
  expect(kept.groups).toEqual(['grp-admins']);
  expect(kept.userPassword).toEqual(['[redacted]']);
  expect(kept['urn:custom:api-token']).toEqual(['[redacted]']);
  expect(Object.getPrototypeOf(kept)).toBeNull();
  expect(out.signatureValue).toBe('[redacted]');
  expect(JSON.stringify(out)).not.toContain('hunter2');
  expect(out.signatures).toEqual({
    assertion: { algorithm: 'rsa-sha256', verifiedBy: 'AB:CD:EF' },
    response: 'absent',
  });
  expect(out.certificate).toBe('[redacted]');
  expect(out.responseIssuer).toBe('https://idp.example/');
});

test("the groups sent match step 3's groups by ID, or by name in any case, and nothing else", () => {
  const mapping = {
    admins: { id: 'grp-admins', name: 'Latchkey Admins' },
    desktopUsers: { id: null, name: 'Latchkey Desktop Users' },
  };
  expect(groupMatchesOf(['grp-admins', 'latchkey desktop users'], mapping)).toEqual({
    admins: { ...mapping.admins, matched: true },
    desktopUsers: { ...mapping.desktopUsers, matched: true },
  });
  expect(groupMatchesOf(['grp-admins-old', 'Desktop Users'], mapping)).toMatchObject({
    admins: { matched: false },
    desktopUsers: { matched: false },
  });
  expect(
    groupMatchesOf([], { admins: { id: null, name: null }, desktopUsers: mapping.desktopUsers }),
  ).toMatchObject({ admins: { matched: false } });
});
