// ServiceProviderConfig, ResourceTypes and Schemas (RFC 7643 §5–7, §8.7).
import { maxPageSize } from './list-query.ts';
import { urn } from './scim-urns.ts';

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [urn.serviceProviderConfig],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: maxPageSize },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'The SCIM token from step 5 of the IdP integration, as Authorization: Bearer <token>',
        primary: true,
      },
      {
        type: 'oauth2',
        name: 'OAuth 2.0 client credentials',
        description: `A client id and secret from step 5; POST grant_type=client_credentials to ${baseUrl.replace(/\/v2$/, '')}/oauth/token for a one-hour bearer token`,
        specUri: 'https://datatracker.ietf.org/doc/html/rfc6749#section-4.4',
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [urn.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: urn.user,
      schemaExtensions: [{ schema: urn.enterpriseUser, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [urn.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: urn.group,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

interface AttributeDef {
  name: string;
  type?: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable';
  uniqueness?: 'none' | 'server';
  subAttributes?: AttributeDef[];
}

function attribute(def: AttributeDef): Record<string, unknown> {
  return {
    name: def.name,
    type: def.type ?? 'string',
    multiValued: def.multiValued ?? false,
    required: def.required ?? false,
    caseExact: def.caseExact ?? false,
    mutability: def.mutability ?? 'readWrite',
    returned: 'default',
    uniqueness: def.uniqueness ?? 'none',
    ...(def.subAttributes && { subAttributes: def.subAttributes.map(attribute) }),
  };
}

const multi = (name: string, extra: AttributeDef[] = []): AttributeDef => ({
  name,
  type: 'complex',
  multiValued: true,
  subAttributes: [
    { name: 'value' },
    { name: 'display' },
    { name: 'type' },
    { name: 'primary', type: 'boolean' },
    ...extra,
  ],
});

const schemaDocs = [
  {
    id: urn.user,
    name: 'User',
    description: 'User Account',
    attributes: [
      { name: 'userName', required: true, uniqueness: 'server' },
      {
        name: 'name',
        type: 'complex',
        subAttributes: [
          'formatted',
          'familyName',
          'givenName',
          'middleName',
          'honorificPrefix',
          'honorificSuffix',
        ].map((n) => ({ name: n })),
      },
      { name: 'displayName' },
      { name: 'nickName' },
      { name: 'profileUrl', type: 'reference' },
      { name: 'title' },
      { name: 'userType' },
      { name: 'preferredLanguage' },
      { name: 'locale' },
      { name: 'timezone' },
      { name: 'active', type: 'boolean' },
      multi('emails'),
      multi('phoneNumbers'),
      multi('ims'),
      multi('photos'),
      {
        name: 'addresses',
        type: 'complex',
        multiValued: true,
        subAttributes: [
          'formatted',
          'streetAddress',
          'locality',
          'region',
          'postalCode',
          'country',
          'type',
        ].map((n) => ({ name: n })),
      },
      multi('entitlements'),
      multi('roles'),
      multi('x509Certificates'),
    ] satisfies AttributeDef[],
  },
  {
    id: urn.enterpriseUser,
    name: 'EnterpriseUser',
    description: 'Enterprise User',
    attributes: [
      ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((n) => ({ name: n })),
      {
        name: 'manager',
        type: 'complex',
        subAttributes: [{ name: 'value' }, { name: '$ref', type: 'reference' }, { name: 'displayName' }],
      },
    ] satisfies AttributeDef[],
  },
  {
    id: urn.group,
    name: 'Group',
    description: 'Group',
    attributes: [
      { name: 'displayName', required: true },
      {
        name: 'members',
        type: 'complex',
        multiValued: true,
        subAttributes: [
          { name: 'value', mutability: 'immutable' },
          { name: 'display' },
          { name: '$ref', type: 'reference' },
          { name: 'type' },
        ],
      },
    ] satisfies AttributeDef[],
  },
];

export function schemas(baseUrl: string) {
  return schemaDocs.map((s) => ({
    schemas: [urn.schema],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes.map((a) => attribute(a as AttributeDef)),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${s.id}` },
  }));
}
