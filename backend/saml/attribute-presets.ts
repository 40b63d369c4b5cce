// Maps the attribute statements IdPs send onto one profile. Names follow the
// vendors' guides: Entra's claim URIs, Okta's attribute statements from its
// guide (objectidentifier → user.id, name → user.login), Ping, JumpCloud and
// Google Workspace custom attributes, and plain LDAP-ish names.
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

const names = {
  externalId: [
    'http://schemas.microsoft.com/identity/claims/objectidentifier',
    'objectidentifier',
    'user.id',
    'uid',
    'objectGUID',
    'sub',
  ],
  userName: [
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
    'name',
    'userName',
    'login',
    'user.login',
    'username',
  ],
  email: [
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    'email',
    'mail',
    'emailAddress',
    'Email',
  ],
  givenName: [
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
    'givenName',
    'firstName',
    'given_name',
    'FirstName',
  ],
  familyName: [
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
    'surname',
    'sn',
    'lastName',
    'familyName',
    'LastName',
  ],
  groups: [
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
    'groups',
    'memberOf',
    'Groups',
    'group',
  ],
  groupsLink: ['http://schemas.microsoft.com/claims/groups.link'],
} as const;

export type SamlAttributes = Record<string, string[]>;

function first(attributes: SamlAttributes, keys: readonly string[]): string | null {
  const lower = new Map(Object.entries(attributes).map(([k, v]) => [k.toLowerCase(), v]));
  for (const key of keys) {
    const value = lower.get(key.toLowerCase())?.find((v) => v.trim() !== '');
    if (value) return value.trim();
  }
  return null;
}

function all(attributes: SamlAttributes, keys: readonly string[]): string[] {
  const lower = new Map(Object.entries(attributes).map(([k, v]) => [k.toLowerCase(), v]));
  return keys
    .flatMap((k) => lower.get(k.toLowerCase()) ?? [])
    .map((v) => v.trim())
    .filter(Boolean);
}

export function mapProfile(nameId: string | null, attributes: SamlAttributes): SamlProfile {
  const email = first(attributes, names.email) ?? (nameId?.includes('@') ? nameId : null);
  return {
    externalId: first(attributes, names.externalId),
    userName: first(attributes, names.userName) ?? email ?? nameId,
    email: email?.toLowerCase() ?? null,
    givenName: first(attributes, names.givenName),
    familyName: first(attributes, names.familyName),
    groups: [...new Set(all(attributes, names.groups))],
    groupsOverage: all(attributes, names.groupsLink).length > 0,
  };
}
