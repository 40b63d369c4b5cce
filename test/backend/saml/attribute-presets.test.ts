import { expect, test } from 'vitest';
import { mapProfile } from '../../../backend/saml/attribute-presets.ts';

const ms = 'http://schemas.microsoft.com';
const xs = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';

test('Entra ID: claim URIs, the groups claim, and groups.link over 150 groups', () => {
  const p = mapProfile(
    'ignored-nameid',
    {
      [`${ms}/identity/claims/objectidentifier`]: ['5f1b-oid'],
      [`${xs}/name`]: ['Alice@Contoso.com'],
      [`${xs}/emailaddress`]: ['Alice@Contoso.com'],
      [`${xs}/givenname`]: ['Alice'],
      [`${xs}/surname`]: ['Smith'],
      [`${ms}/ws/2008/06/identity/claims/groups`]: ['g-1', 'g-2'],
    },
    'entra',
  );
  expect(p).toEqual({
    externalId: '5f1b-oid',
    userName: 'Alice@Contoso.com',
    email: 'alice@contoso.com',
    givenName: 'Alice',
    familyName: 'Smith',
    groups: ['g-1', 'g-2'],
    groupsOverage: false,
  });
  expect(mapProfile(null, { [`${ms}/claims/groups.link`]: ['https://graph…'] }, 'entra').groupsOverage).toBe(
    true,
  );
});

test("Okta: the attribute statements of Okta's guide", () => {
  const p = mapProfile(
    'bob@okta.example',
    {
      objectidentifier: ['00u1abc'],
      name: ['bob@okta.example'],
      email: ['bob@okta.example'],
      firstName: ['Bob'],
      lastName: ['Jones'],
      groups: ['Latchkey Desktop Users'],
    },
    'okta',
  );
  expect(p).toMatchObject({
    externalId: '00u1abc',
    userName: 'bob@okta.example',
    givenName: 'Bob',
    familyName: 'Jones',
    groups: ['Latchkey Desktop Users'],
  });
});

test("Okta: exactly its guide's statements (no email attribute) map the user, the email from the NameID", () => {
  // configuring-sso-integration-okta.txt steps 9–10, as the console's step 2 lists them.
  const p = mapProfile(
    'Ann@Okta.example',
    {
      objectidentifier: ['00u1ann'],
      name: ['ann@okta.example'],
      displayName: ['Ann Guide'],
      groups: ['okta-admins', 'okta-desktop'],
    },
    'okta',
  );
  expect(p).toMatchObject({
    externalId: '00u1ann',
    userName: 'ann@okta.example',
    email: 'ann@okta.example',
    groups: ['okta-admins', 'okta-desktop'],
    groupsOverage: false,
  });
});

test('Ping and JumpCloud: LDAP-style names and memberOf', () => {
  expect(
    mapProfile(
      null,
      { objectGUID: ['g-uid'], mail: ['c@ping.example'], givenName: ['C'], sn: ['D'], memberOf: ['Admins'] },
      'ping',
    ),
  ).toMatchObject({
    externalId: 'g-uid',
    email: 'c@ping.example',
    givenName: 'C',
    familyName: 'D',
    groups: ['Admins'],
  });
  expect(
    mapProfile(
      null,
      { uid: ['jc-1'], email: ['e@jc.example'], firstname: ['E'], lastname: ['F'], memberOf: ['Desk'] },
      'jumpcloud',
    ),
  ).toMatchObject({
    externalId: 'jc-1',
    email: 'e@jc.example',
    givenName: 'E',
    familyName: 'F',
    groups: ['Desk'],
  });
});

test('Google Workspace: the NameID is the email; custom attributes carry names and groups', () => {
  expect(
    mapProfile('Gina@Workspace.example', { firstName: ['Gina'], groups: ['desk'] }, 'google'),
  ).toMatchObject({
    email: 'gina@workspace.example',
    userName: 'Gina@Workspace.example',
    givenName: 'Gina',
    groups: ['desk'],
  });
});

test('a preset falls back to generic names, and duplicates across claim names are listed once', () => {
  const p = mapProfile(null, { mail: ['x@y.example'], groups: ['a'], memberOf: ['a', 'b'] }, 'okta');
  expect(p.email).toBe('x@y.example');
  expect(p.groups).toEqual(['a', 'b']);
});
