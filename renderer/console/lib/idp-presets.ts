// What goes where in each IdP (step 2), where each IdP shows a group's ID
// (step 3): in the words of the vendors' own setup screens. The attribute
// names are the ones backend/saml/attribute-presets.ts maps for that preset.
import type { AttributePreset } from '../api/types.ts';

export interface PresetGuide {
  label: string;
  /** Our value → the IdP's field name. */
  fields: { ours: 'Service Provider Entity ID' | 'Assertion Consumer Service URL'; theirs: string }[];
  nameId: string;
  /** Attribute statements to add: name → the IdP's value. */
  attributes: { name: string; value: string }[];
  groupsClaim: string;
  groupIdHint: string;
}

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
      { name: 'objectidentifier', value: 'user.id' },
      { name: 'name', value: 'user.login' },
      { name: 'email', value: 'user.email' },
      { name: 'firstName', value: 'user.firstName' },
      { name: 'lastName', value: 'user.lastName' },
    ],
    groupsClaim: 'Group Attribute Statement "groups", filter: Matches regex .*',
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
    attributes: [
      { name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', value: 'user.mail' },
      { name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', value: 'user.givenname' },
      { name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', value: 'user.surname' },
      { name: 'http://schemas.microsoft.com/identity/claims/objectidentifier', value: 'user.objectid' },
    ],
    groupsClaim: 'Add a group claim → Groups assigned to the application, source attribute Group ID',
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
    groupsClaim: 'Attribute "memberOf": Group Names',
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
    groupsClaim: 'Include group attribute, name "memberOf"',
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
    groupsClaim: 'Group membership: app attribute "groups"',
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
    groupsClaim: 'Attribute "groups" with the user’s group names or IDs',
    groupIdHint:
      'Use the ID your IdP sends in the groups attribute (or over SCIM as the group’s externalId).',
  },
};
