// scim/patch.ts, the one PATCH interpreter for Users and Groups (RFC 7644
// §3.5.2): add / replace / remove with and without a path, value filters,
// multi-valued merging, Okta's and Entra's dialects, and each refusal as a
// SCIM error body. A Group's members come back as row changes, in order.
import { describe, expect, test } from 'vitest';
import { interpretPatch, readPatchOperations, type PatchOutcome } from '../../../backend/scim/patch.ts';
import { groupPatchSchema, userPatchSchema } from '../../../backend/scim/patch-schemas.ts';
import { userSchema } from '../../../backend/scim/resource-schemas.ts';
import { ScimError } from '../../../backend/scim/scim-error.ts';
import { parseResource } from '../../../backend/scim/validate.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
type Json = Record<string, unknown>;

const alice = (): Json => ({
  userName: 'alice@corp.example',
  displayName: 'Alice',
  active: true,
  name: { givenName: 'Alice' },
  emails: [
    { value: 'alice@corp.example', type: 'work', primary: true },
    { value: 'alice@home.example', type: 'home' },
  ],
});
const desk = (): Json => ({ displayName: 'Desktop Users', externalId: 'grp-desktop' });

/** Operations as a client sends them: through the same reader the route uses. */
const ops = (...operations: Json[]) => readPatchOperations({ schemas: [PATCH], Operations: operations });
const patchUser = (operations: Json[], resource = alice()): Json =>
  interpretPatch(resource, ops(...operations), userPatchSchema('u-alice')).resource;
const patchGroup = (operations: Json[], resource = desk()): PatchOutcome =>
  interpretPatch(resource, ops(...operations), groupPatchSchema('g-desk'));

function refusal(run: () => unknown) {
  try {
    run();
  } catch (err) {
    if (err instanceof ScimError) return err.toBody();
    throw err;
  }
  throw new Error('no refusal');
}

describe('Users: add', () => {
  test('a single-valued attribute by path', () => {
    expect(patchUser([{ op: 'add', path: 'title', value: 'Engineer' }]).title).toBe('Engineer');
  });
  test('a multi-valued attribute: the values are appended, none replaced (RFC 7644 §3.5.2.1)', () => {
    const out = patchUser([
      { op: 'add', path: 'emails', value: [{ value: 'a@new.example', type: 'other' }] },
    ]);
    expect((out.emails as Json[]).map((e) => e.value)).toEqual([
      'alice@corp.example',
      'alice@home.example',
      'a@new.example',
    ]);
  });
  test('a single value for a multi-valued attribute is appended too', () => {
    const out = patchUser([{ op: 'add', path: 'phoneNumbers', value: { value: '+1 555', type: 'work' } }]);
    expect(out.phoneNumbers).toEqual([{ value: '+1 555', type: 'work' }]);
  });
  test('a complex attribute: sub-attributes merged, the others kept', () => {
    expect(patchUser([{ op: 'add', path: 'name', value: { familyName: 'Liddell' } }]).name).toEqual({
      givenName: 'Alice',
      familyName: 'Liddell',
    });
  });
  test('without a path: each key of the value, dotted keys and extension URNs included (Entra)', () => {
    const out = patchUser([
      {
        op: 'add',
        value: { nickName: 'Al', 'name.familyName': 'Liddell', [ENTERPRISE]: { department: 'R&D' } },
      },
    ]);
    expect(out).toMatchObject({
      nickName: 'Al',
      name: { givenName: 'Alice', familyName: 'Liddell' },
      [ENTERPRISE]: { department: 'R&D' },
    });
  });
  test('an extension attribute by its full path', () => {
    expect(patchUser([{ op: 'add', path: `${ENTERPRISE}:costCenter`, value: 'CC-1' }])[ENTERPRISE]).toEqual({
      costCenter: 'CC-1',
    });
  });
  test('names are case-insensitive and stored in the schema spelling (RFC 7643 §2.1)', () => {
    const out = patchUser([{ op: 'add', path: 'DISPLAYNAME', value: 'Al' }]);
    expect(out.displayName).toBe('Al');
    expect(Object.keys(out)).not.toContain('DISPLAYNAME');
  });
});

describe('Users: replace', () => {
  test('by path: a multi-valued attribute is replaced whole', () => {
    expect(
      patchUser([{ op: 'replace', path: 'emails', value: [{ value: 'only@corp.example' }] }]).emails,
    ).toEqual([{ value: 'only@corp.example' }]);
  });
  test('a value filter changes only the matching element (RFC 7644 §3.5.2.3)', () => {
    const out = patchUser([
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@corp.example' },
    ]);
    expect(out.emails).toEqual([
      { value: 'new@corp.example', type: 'work', primary: true },
      { value: 'alice@home.example', type: 'home' },
    ]);
  });
  test('Entra: a filter on type that matches nothing creates that element', () => {
    const out = patchUser([
      { op: 'Replace', path: 'emails[type eq "other"].value', value: 'x@other.example' },
    ]);
    expect((out.emails as Json[])[2]).toEqual({ type: 'other', value: 'x@other.example' });
  });
  test('a filter that matches nothing and cannot seed one → 400 noTarget', () => {
    expect(
      refusal(() => patchUser([{ op: 'replace', path: 'emails[primary eq false].value', value: 'x@x' }])),
    ).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'noTarget',
      detail: 'no value of emails matches the filter',
    });
  });
  test('Okta deactivates with a path-less {"active": false}', () => {
    expect(patchUser([{ op: 'replace', value: { active: false } }]).active).toBe(false);
  });
  test('Entra sends "False" as a string: the schema reads it as the boolean', () => {
    const out = patchUser([{ op: 'Replace', path: 'active', value: 'False' }]);
    expect(parseResource(userSchema, out, USER).active).toBe(false);
  });
  test("the resource's own id is ignored (Okta repeats it); another id → 400 mutability", () => {
    expect(patchUser([{ op: 'replace', value: { id: 'u-alice', displayName: 'A' } }]).displayName).toBe('A');
    expect(refusal(() => patchUser([{ op: 'replace', path: 'id', value: 'u-other' }]))).toMatchObject({
      status: '400',
      scimType: 'mutability',
    });
  });
});

describe('Users: remove', () => {
  test('by path: the attribute is unassigned', () => {
    expect(patchUser([{ op: 'remove', path: 'displayName' }])).not.toHaveProperty('displayName');
  });
  test('a value filter removes the matching elements only', () => {
    expect(patchUser([{ op: 'remove', path: 'emails[type eq "home"]' }]).emails).toEqual([
      { value: 'alice@corp.example', type: 'work', primary: true },
    ]);
  });
  test('a sub-attribute of the matching elements', () => {
    expect(
      (patchUser([{ op: 'remove', path: 'emails[type eq "work"].primary' }]).emails as Json[])[0],
    ).toEqual({
      value: 'alice@corp.example',
      type: 'work',
    });
  });
  test('Entra: the values to remove listed as the value', () => {
    expect(
      (
        patchUser([{ op: 'Remove', path: 'emails', value: [{ value: 'alice@home.example' }] }])
          .emails as Json[]
      ).map((e) => e.value),
    ).toEqual(['alice@corp.example']);
  });
  test('removing the last value leaves the attribute unassigned (RFC 7644 §3.5.2.2)', () => {
    const out = patchUser([
      { op: 'remove', path: 'emails[type eq "home"]' },
      { op: 'remove', path: 'emails[value eq "ALICE@corp.example"]' },
    ]);
    expect(out).not.toHaveProperty('emails');
  });
  test('without a path → 400 noTarget', () => {
    expect(refusal(() => patchUser([{ op: 'remove' }]))).toMatchObject({ scimType: 'noTarget' });
  });
  test('a required attribute (userName) → 400 mutability', () => {
    expect(refusal(() => patchUser([{ op: 'remove', path: 'userName' }]))).toMatchObject({
      status: '400',
      scimType: 'mutability',
    });
  });
});

describe('refusals: 400 with the SCIM error body', () => {
  for (const [what, body, scimType] of [
    ['an unknown attribute', { op: 'replace', path: 'favouriteColour', value: 'red' }, 'invalidPath'],
    ['an unknown sub-attribute', { op: 'replace', path: 'name.nickname', value: 'x' }, 'invalidPath'],
    ['a malformed path', { op: 'replace', path: 'emails[type eq "work"', value: 'x' }, 'invalidPath'],
    [
      'a value filter on a single-valued attribute',
      { op: 'remove', path: 'displayName[value eq "x"]' },
      'invalidPath',
    ],
    [
      'a value filter naming an unknown sub-attribute',
      { op: 'remove', path: 'emails[colour eq "x"]' },
      'invalidFilter',
    ],
    ['a value filter that does not parse', { op: 'remove', path: 'emails[type eq]' }, 'invalidFilter'],
    ['a path-less add whose value is not an object', { op: 'add', value: 'x' }, 'invalidValue'],
    [
      'a path-less replace whose value is an array',
      { op: 'replace', value: [{ active: false }] },
      'invalidValue',
    ],
  ] as const) {
    test(`${what} → ${scimType}`, () => {
      const before = alice();
      const err = refusal(() => interpretPatch(before, ops({ ...body }), userPatchSchema('u-alice')));
      expect(err).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '400',
        scimType,
      });
      expect(err.detail).not.toMatch(/undefined|TypeError|Cannot read/);
      expect(before).toEqual(alice());
    });
  }

  test('the PatchOp body itself: unknown op, no operations, wrong schemas → invalidSyntax; a reserved name → invalidPath', () => {
    const read = (body: unknown) => refusal(() => readPatchOperations(body));
    expect(read({ schemas: [PATCH], Operations: [{ op: 'move', path: 'title' }] })).toMatchObject({
      scimType: 'invalidSyntax',
    });
    expect(read({ schemas: [PATCH], Operations: [] })).toMatchObject({ scimType: 'invalidSyntax' });
    expect(read({ schemas: [USER], Operations: [{ op: 'add', path: 'title', value: 'x' }] })).toMatchObject({
      scimType: 'invalidSyntax',
    });
    expect(
      read({ schemas: [PATCH], Operations: [{ op: 'add', path: '__proto__.x', value: 1 }] }),
    ).toMatchObject({
      scimType: 'invalidPath',
    });
  });

  test('all or none: a later bad operation leaves the input untouched', () => {
    const before = alice();
    refusal(() =>
      interpretPatch(
        before,
        ops({ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'remove', path: 'userName' }),
        userPatchSchema('u-alice'),
      ),
    );
    expect(before).toEqual(alice());
  });
});

describe('Groups: the same interpreter; members as row changes', () => {
  test('add members: a row change, the resource untouched', () => {
    expect(
      patchGroup([{ op: 'add', path: 'members', value: [{ value: 'u1' }, { value: 'u2', display: 'Two' }] }]),
    ).toEqual({
      resource: desk(),
      rowChanges: [
        { attribute: 'members', op: 'add', values: [{ value: 'u1' }, { value: 'u2', display: 'Two' }] },
      ],
    });
  });
  test("Okta's push: one PATCH with a remove (value filter) and an add, kept in order", () => {
    expect(
      patchGroup([
        { op: 'remove', path: 'members[value eq "u1"]' },
        { op: 'add', path: 'members', value: [{ value: 'u3' }] },
      ]).rowChanges,
    ).toEqual([
      { attribute: 'members', op: 'remove', values: ['u1'] },
      { attribute: 'members', op: 'add', values: [{ value: 'u3' }] },
    ]);
  });
  test('Entra: capitalised ops, remove by a value list, rename by a path-less Replace with its own id', () => {
    const out = patchGroup([
      { op: 'Remove', path: 'members', value: [{ value: 'u2' }] },
      { op: 'Add', path: 'members', value: [{ value: 'u4' }] },
      { op: 'Replace', value: { id: 'g-desk', displayName: 'Renamed' } },
    ]);
    expect(out.resource).toEqual({ displayName: 'Renamed', externalId: 'grp-desktop' });
    expect(out.rowChanges).toEqual([
      { attribute: 'members', op: 'remove', values: ['u2'] },
      { attribute: 'members', op: 'add', values: [{ value: 'u4' }] },
    ]);
  });
  test('replace members; remove all members; several values in one filter', () => {
    expect(patchGroup([{ op: 'replace', path: 'members', value: [{ value: 'u9' }] }]).rowChanges).toEqual([
      { attribute: 'members', op: 'replace', values: [{ value: 'u9' }] },
    ]);
    expect(patchGroup([{ op: 'remove', path: 'members' }]).rowChanges).toEqual([
      { attribute: 'members', op: 'remove', values: 'all' },
    ]);
    expect(
      patchGroup([{ op: 'remove', path: 'members[value eq "u1" or value eq "u2"]' }]).rowChanges,
    ).toEqual([{ attribute: 'members', op: 'remove', values: ['u1', 'u2'] }]);
  });
  test('a bare id string as a member is read as {value} (lax clients)', () => {
    expect(patchGroup([{ op: 'add', path: 'members', value: ['u5'] }]).rowChanges).toEqual([
      { attribute: 'members', op: 'add', values: [{ value: 'u5' }] },
    ]);
  });
  test('remove externalId unassigns it; the URN-prefixed path is the same attribute', () => {
    expect(patchGroup([{ op: 'remove', path: `${GROUP}:externalId` }]).resource).toEqual({
      displayName: 'Desktop Users',
    });
  });
  for (const [what, body, scimType] of [
    [
      'a member filter on anything but value',
      { op: 'remove', path: 'members[display eq "x"]' },
      'invalidFilter',
    ],
    ['a sub-attribute of every member', { op: 'remove', path: 'members.value' }, 'invalidPath'],
    [
      'an add on a filtered member path',
      { op: 'add', path: 'members[value eq "u1"]', value: {} },
      'invalidPath',
    ],
    ['a member without a value', { op: 'add', path: 'members', value: [{ display: 'x' }] }, 'invalidValue'],
    ['an attribute a Group does not have', { op: 'remove', path: 'nickName' }, 'invalidPath'],
    ['the required displayName removed', { op: 'remove', path: 'displayName' }, 'mutability'],
    ['another id', { op: 'replace', value: { id: 'g-other' } }, 'mutability'],
  ] as const) {
    test(`${what} → ${scimType}`, () => {
      expect(refusal(() => patchGroup([{ ...body }]))).toMatchObject({ status: '400', scimType });
    });
  }
});
