// What goes where in each IdP (steps 2 and 4), where each IdP shows a group's
// ID (step 3): in the words of the vendors' own setup screens. The attribute
// names are the ones backend/saml/attribute-presets.ts maps for that preset;
// Okta's are its guide's list, in its order.
import type { AttributePreset } from '../api/types.ts';

export interface PresetGuide {
  label: string;
  /** Our value → the IdP's field name. */
  fields: { ours: 'Service Provider Entity ID' | 'Assertion Consumer Service URL'; theirs: string }[];
  nameId: string;
  /** Attribute statements to add: name (and its name format, where the IdP asks) → the IdP's value. */
  attributes: Attribute[];
  /** The groups statement; `value` says how the IdP picks the groups. */
  groupsClaim: Attribute;
  /** Step 4's second group: the IdP's name for each of the three values to paste into Latchkey. */
  idpValues: { theirs: string; ours: IdpValue }[];
  groupIdHint: string;
}

export interface Attribute {
  name: string;
  format?: string;
  value: string;
}

export type IdpValue = 'Identity Provider Entity ID' | 'Identity Provider SSO URL' | 'Public Certificate';

const genericIdpValues = (entity: string, sso: string, cert: string): PresetGuide['idpValues'] => [
  { theirs: entity, ours: 'Identity Provider Entity ID' },
  { theirs: sso, ours: 'Identity Provider SSO URL' },
  { theirs: cert, ours: 'Public Certificate' },
];

export const presetOrder: AttributePreset[] = ['okta', 'entra', 'ping', 'jumpcloud', 'google', 'generic'];

export const presetGuides: Record<AttributePreset, PresetGuide> = {
  okta: {
    label: 'Okta',
    fields: [
      { ours: 'Assertion Consumer Service URL', theirs: 'Single sign-on URL' },
      { ours: 'Service Provider Entity ID', theirs: 'Audience URI (SP Entity ID)' },
    ],
    nameId: 'Name ID format: EmailAddress; Application username: Email',
    attributes: [
      { name: 'objectidentifier', format: 'Unspecified', value: 'user.id' },
      { name: 'name', format: 'Unspecified', value: 'user.login' },
      { name: 'displayName', format: 'Unspecified', value: 'user.displayName' },
    ],
    groupsClaim: { name: 'groups', format: 'Unspecified', value: 'Filter: Matches regex .*' },
    idpValues: [
      { theirs: 'Identity Provider Single Sign-On URL', ours: 'Identity Provider SSO URL' },
      { theirs: 'Identity Provider Issuer', ours: 'Identity Provider Entity ID' },
      { theirs: 'X.509 Certificate', ours: 'Public Certificate' },
    ],
    groupIdHint:
      'Okta Admin Console → Directory → Groups → the group: the ID is the last part of the page URL (00g…).',
  },
  entra: {
    label: 'Entra ID',
    fields: [
      { ours: 'Service Provider Entity ID', theirs: 'Identifier (Entity ID)' },
      { ours: 'Assertion Consumer Service URL', theirs: 'Reply URL (Assertion Consumer Service URL)' },
    ],
    nameId: 'Unique User Identifier: user.userprincipalname (Email address format)',
    // Entra's default "Attributes & Claims", plus the object ID Latchkey matches SCIM's externalId on.
    attributes: [
      { name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', value: 'user.mail' },
      { name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', value: 'user.givenname' },
      {
        name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
        value: 'user.userprincipalname',
      },
      { name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', value: 'user.surname' },
      { name: 'http://schemas.microsoft.com/identity/claims/objectidentifier', value: 'user.objectid' },
    ],
    groupsClaim: {
      name: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
      value: 'Add a group claim → Groups assigned to the application, Source attribute: Group ID',
    },
    idpValues: genericIdpValues('Microsoft Entra Identifier', 'Login URL', 'Certificate (Base64)'),
    groupIdHint: 'Entra admin center → Groups → the group → Overview: Object ID.',
  },
  ping: {
    label: 'Ping Identity',
    fields: [
      { ours: 'Assertion Consumer Service URL', theirs: 'ACS URLs' },
      { ours: 'Service Provider Entity ID', theirs: 'Entity ID' },
    ],
    nameId: 'saml_subject: Email Address',
    attributes: [
      { name: 'mail', value: 'Email Address' },
      { name: 'givenName', value: 'Given Name' },
      { name: 'sn', value: 'Family Name' },
      { name: 'uid', value: 'User ID' },
    ],
    groupsClaim: { name: 'memberOf', value: 'Group Names' },
    idpValues: genericIdpValues('Issuer ID', 'Single Signon Service', 'Signing Certificate'),
    groupIdHint: 'PingOne → Directory → Groups → the group: the ID is under the group name.',
  },
  jumpcloud: {
    label: 'JumpCloud',
    fields: [
      { ours: 'Service Provider Entity ID', theirs: 'SP Entity ID' },
      { ours: 'Assertion Consumer Service URL', theirs: 'ACS URLs' },
    ],
    nameId: 'SAMLSubject NameID: email',
    attributes: [
      { name: 'email', value: 'email' },
      { name: 'firstname', value: 'firstname' },
      { name: 'lastname', value: 'lastname' },
      { name: 'username', value: 'username' },
    ],
    groupsClaim: { name: 'memberOf', value: 'Include group attribute' },
    idpValues: genericIdpValues('IdP Entity ID', 'IDP URL', 'IDP Certificate'),
    groupIdHint: 'JumpCloud Admin Portal → User Groups → the group → Details: the ID in the page URL.',
  },
  google: {
    label: 'Google Workspace',
    fields: [
      { ours: 'Assertion Consumer Service URL', theirs: 'ACS URL' },
      { ours: 'Service Provider Entity ID', theirs: 'Entity ID' },
    ],
    nameId: 'Name ID format: EMAIL; Name ID: Basic Information > Primary email',
    attributes: [
      { name: 'email', value: 'Primary email' },
      { name: 'firstName', value: 'First name' },
      { name: 'lastName', value: 'Last name' },
    ],
    groupsClaim: { name: 'groups', value: 'Group membership (app attribute)' },
    idpValues: genericIdpValues('Entity ID', 'SSO URL', 'Certificate'),
    groupIdHint:
      'Google Admin console → Directory → Groups: Google sends group names, so use the group email as ID.',
  },
  generic: {
    label: 'Other SAML 2.0',
    fields: [
      { ours: 'Service Provider Entity ID', theirs: 'Audience / SP entity ID' },
      { ours: 'Assertion Consumer Service URL', theirs: 'ACS / Reply URL (HTTP-POST)' },
    ],
    nameId: 'NameID: the user’s email address',
    attributes: [
      { name: 'email', value: 'the user’s email' },
      { name: 'givenName', value: 'first name' },
      { name: 'surname', value: 'last name' },
      { name: 'objectidentifier', value: 'a stable user ID' },
    ],
    groupsClaim: { name: 'groups', value: 'the user’s group names or IDs' },
    idpValues: genericIdpValues('IdP entity ID (Issuer)', 'SSO URL (HTTP-Redirect)', 'Signing certificate'),
    groupIdHint:
      'Use the ID your IdP sends in the groups attribute (or over SCIM as the group’s externalId).',
  },
};
