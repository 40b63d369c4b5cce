// What a User and a Group may hold, as zod schemas (RFC 7643 §4, §8.7).
// Entra sends booleans as "True"/"False" strings: accepted as booleans.
import { z } from 'zod';
import { urn } from './scim-urns.ts';

export const scimBoolean = z.preprocess(
  (v) => (typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : v),
  z.boolean(),
);

const text = z.string().max(2048);

const multiValued = z.object({
  value: text.optional(),
  display: text.optional(),
  type: text.optional(),
  primary: scimBoolean.optional(),
});

const address = z.object({
  formatted: text.optional(),
  streetAddress: text.optional(),
  locality: text.optional(),
  region: text.optional(),
  postalCode: text.optional(),
  country: text.optional(),
  type: text.optional(),
  primary: scimBoolean.optional(),
});

const name = z.object({
  formatted: text.optional(),
  familyName: text.optional(),
  givenName: text.optional(),
  middleName: text.optional(),
  honorificPrefix: text.optional(),
  honorificSuffix: text.optional(),
});

const enterprise = z.object({
  employeeNumber: text.optional(),
  costCenter: text.optional(),
  organization: text.optional(),
  division: text.optional(),
  department: text.optional(),
  // Entra sends the manager as a bare id (`"value": "<id>"`), RFC 7643 §4.3 as {value}.
  manager: z
    .preprocess(
      (v) => (typeof v === 'string' ? { value: v } : v),
      z.object({ value: text.optional(), $ref: text.optional(), displayName: text.optional() }),
    )
    .optional(),
});

const list = <T extends z.ZodType>(item: T) => z.array(item).max(100).optional();

export const userSchema = z.object({
  schemas: z.array(text).max(10).optional(),
  externalId: text.optional(),
  userName: z.string().trim().min(1, { message: 'userName is required' }).max(256),
  name: name.optional(),
  displayName: text.optional(),
  nickName: text.optional(),
  profileUrl: text.optional(),
  title: text.optional(),
  userType: text.optional(),
  preferredLanguage: text.optional(),
  locale: text.optional(),
  timezone: text.optional(),
  active: scimBoolean.optional(),
  emails: list(multiValued),
  phoneNumbers: list(multiValued),
  ims: list(multiValued),
  photos: list(multiValued),
  addresses: list(address),
  entitlements: list(multiValued),
  roles: list(multiValued),
  x509Certificates: list(multiValued),
  [urn.enterpriseUser]: enterprise.optional(),
});

export type UserResource = z.infer<typeof userSchema>;

/** A member may arrive as `{value, display}` or, from lax clients, as a bare id string. */
const member = z.preprocess(
  (v) => (typeof v === 'string' ? { value: v } : v),
  z.object({
    value: z.string().min(1).max(256),
    display: text.optional(),
    displayName: text.optional(),
    type: text.optional(),
  }),
);
export type MemberInput = z.infer<typeof member>;
export const membersSchema = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(member).max(10_000));

export const groupSchema = z.object({
  schemas: z.array(text).max(10).optional(),
  externalId: text.optional(),
  displayName: z.string().trim().min(1, { message: 'displayName is required' }).max(256),
  members: membersSchema.optional(),
});
export type GroupInput = z.infer<typeof groupSchema>;
