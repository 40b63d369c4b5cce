// Maps the attribute statements IdPs send onto one profile, by an IdP preset
// chosen in step 4. Each preset's names come from the vendor's guide; a name
// the preset does not know falls back to the generic list, so a customised
// IdP still maps. Entra: claim URIs; Okta: the attribute statements of its
// guide (objectidentifier → user.id, name → user.login, groups by regex);
// Ping and JumpCloud: LDAP-style names; Google Workspace: the custom
// attributes its SAML app offers (NameID is the primary email).
import type { AttributePreset } from '../db/schema.ts';

export interface SamlProfile {
  externalId: string | null;
  userName: string | null;
  email: string | null;
  givenName: string | null;
  familyName: string | null;
  groups: string[];
  /** Entra sent `groups.link` instead of groups (over 150 groups). */
  groupsOverage: boolean;
}

type Field = 'externalId' | 'userName' | 'email' | 'givenName' | 'familyName' | 'groups' | 'groupsLink';
export const attributePresets: AttributePreset[] = [
  'generic',
  'entra',
  'okta',
  'ping',
  'jumpcloud',
  'google',
];

const ms = 'http://schemas.microsoft.com';
const xmlsoap = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';

const presetNames: Record<Exclude<AttributePreset, 'generic'>, Partial<Record<Field, string[]>>> = {
  entra: {
    externalId: [`${ms}/identity/claims/objectidentifier`],
    userName: [`${xmlsoap}/name`],
    email: [`${xmlsoap}/emailaddress`],
    givenName: [`${xmlsoap}/givenname`],
    familyName: [`${xmlsoap}/surname`],
    groups: [`${ms}/ws/2008/06/identity/claims/groups`],
    groupsLink: [`${ms}/claims/groups.link`],
  },
  okta: {
    externalId: ['objectidentifier'],
    userName: ['name'],
    email: ['email'],
    givenName: ['firstName'],
    familyName: ['lastName'],
    groups: ['groups'],
  },
  ping: {
    externalId: ['objectGUID', 'uid'],
    userName: ['username', 'uid'],
    email: ['mail'],
    givenName: ['givenName'],
    familyName: ['sn'],
    groups: ['memberOf'],
  },
  jumpcloud: {
    externalId: ['uid'],
    userName: ['username'],
    email: ['email'],
    givenName: ['firstname'],
    familyName: ['lastname'],
    groups: ['memberOf'],
  },
  google: { email: ['email'], givenName: ['firstName'], familyName: ['lastName'], groups: ['groups'] },
};

const generic: Record<Field, string[]> = {
  externalId: [
    `${ms}/identity/claims/objectidentifier`,
    'objectidentifier',
    'user.id',
    'objectGUID',
    'uid',
    'sub',
  ],
  userName: [`${xmlsoap}/name`, 'name', 'userName', 'username', 'login', 'user.login'],
  email: [`${xmlsoap}/emailaddress`, 'email', 'mail', 'emailAddress'],
  givenName: [`${xmlsoap}/givenname`, 'givenName', 'firstName', 'given_name'],
  familyName: [`${xmlsoap}/surname`, 'surname', 'sn', 'lastName', 'familyName'],
  groups: [`${ms}/ws/2008/06/identity/claims/groups`, 'groups', 'memberOf', 'group'],
  groupsLink: [`${ms}/claims/groups.link`],
};

export type SamlAttributes = Record<string, string[]>;

export function mapProfile(
  nameId: string | null,
  attributes: SamlAttributes,
  preset: AttributePreset = 'generic',
): SamlProfile {
  const lower = new Map(Object.entries(attributes).map(([k, v]) => [k.toLowerCase(), v]));
  const namesFor = (field: Field) => [
    ...(preset === 'generic' ? [] : (presetNames[preset][field] ?? [])),
    ...generic[field],
  ];
  const values = (field: Field) =>
    namesFor(field)
      .flatMap((n) => lower.get(n.toLowerCase()) ?? [])
      .map((v) => v.trim())
      .filter(Boolean);
  const first = (field: Field) => values(field)[0] ?? null;
  const email = first('email') ?? (nameId?.includes('@') ? nameId : null);
  return {
    externalId: first('externalId'),
    userName: first('userName') ?? email ?? nameId,
    email: email?.toLowerCase() ?? null,
    givenName: first('givenName'),
    familyName: first('familyName'),
    // A group is listed once even when two claim names carry it.
    groups: [...new Set(values('groups'))],
    groupsOverage: values('groupsLink').length > 0,
  };
}
