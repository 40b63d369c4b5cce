// The dev IdP's default users when no directory file is given.
import type { Directory } from './directory.ts';

export const demoDirectory: Directory = {
  users: [
    {
      userName: 'alice@acme.test',
      externalId: 'oid-alice',
      givenName: 'Alice',
      familyName: 'Admin',
      email: 'alice@acme.test',
      active: true,
    },
    {
      userName: 'bob@acme.test',
      externalId: 'oid-bob',
      givenName: 'Bob',
      familyName: 'Builder',
      email: 'bob@acme.test',
      active: true,
    },
    {
      userName: 'carol@acme.test',
      externalId: 'oid-carol',
      givenName: 'Carol',
      familyName: 'Contractor',
      email: 'carol@acme.test',
      active: true,
    },
  ],
  groups: [
    { displayName: 'Latchkey Admins', externalId: 'grp-admins', members: ['alice@acme.test'] },
    {
      displayName: 'Latchkey Desktop Users',
      externalId: 'grp-desktop',
      members: ['alice@acme.test', 'bob@acme.test'],
    },
  ],
};
