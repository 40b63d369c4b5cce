import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Directory } from '../../../backend/devidp/directory.ts';
import { deprovisionUser, pushDirectory, type Vendor } from '../../../backend/devidp/scim-push.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const directory = (): Directory => ({
  users: ['amy', 'ben', 'cat', 'dan'].map((n, i) => ({
    userName: `${n}@push.example`,
    externalId: `ext-${n}`,
    givenName: n,
    familyName: 'Push',
    email: `${n}@push.example`,
    active: i < 3,
  })),
  groups: [
    {
      displayName: 'Latchkey Desktop Users',
      externalId: 'g-desk',
      members: ['amy@push.example', 'ben@push.example'],
    },
    { displayName: 'Latchkey Admins', externalId: 'g-adm', members: ['cat@push.example'] },
  ],
});

describeEachDatabase(
  'SCIM push simulator: Okta and Entra sequences end to end against the real server',
  (dialect) => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService(dialect);
    });
    afterAll(async () => service?.close());

    for (const vendor of ['okta', 'entra'] as Vendor[]) {
      test(`${vendor}: first push creates everything; a re-push moves members and changes nothing else`, async () => {
        const a = await createScimAccount(service.baseUrl, vendor);
        const options = { scimUrl: a.scimUrl, token: a.token, vendor };
        const first = await pushDirectory(directory(), options);
        expect(first.failures).toEqual([]);
        expect(first).toMatchObject({
          usersCreated: 4,
          usersUpdated: 0,
          groupsCreated: 2,
          membershipsAdded: 3,
        });

        const scim = scimClient(a.scimUrl, a.token);
        const users = await scim<{ Resources: { userName: string; active: boolean; id: string }[] }>(
          'GET',
          '/Users',
        );
        expect(users.body.Resources.map((u) => [u.userName, u.active]).sort()).toEqual([
          ['amy@push.example', true],
          ['ben@push.example', true],
          ['cat@push.example', true],
          ['dan@push.example', false],
        ]);

        const changed = directory();
        const desk = changed.groups[0];
        if (desk) desk.members = ['ben@push.example', 'cat@push.example'];
        const second = await pushDirectory(changed, options);
        expect(second.failures).toEqual([]);
        expect(second).toMatchObject({
          usersCreated: 0,
          usersUpdated: 4,
          groupsCreated: 0,
          membershipsAdded: 1,
        });
        const group = await scim<{ Resources: { members: { display: string }[] }[] }>(
          'GET',
          `/Groups?filter=${encodeURIComponent('displayName eq "Latchkey Desktop Users"')}`,
        );
        expect(group.body.Resources[0]?.members.map((m) => m.display).sort()).toEqual([
          'ben Push',
          'cat Push',
        ]);

        expect(await deprovisionUser(options, 'amy@push.example')).toBe(204);
        const amy = await scim<{ Resources: { active: boolean }[] }>(
          'GET',
          `/Users?filter=${encodeURIComponent('userName eq "amy@push.example"')}`,
        );
        expect(amy.body.Resources[0]?.active).toBe(false);
      });
    }
  },
);
