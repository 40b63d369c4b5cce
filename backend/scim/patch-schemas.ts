// What the PATCH interpreter (patch.ts) knows of each resource type: its
// schema, URNs, and which attributes are rows of their own (RFC 7644 §3.5.2).
import type { PatchSchema } from './patch.ts';
import { groupSchema, userSchema } from './resource-schemas.ts';
import { urn } from './scim-urns.ts';

/** The URNs a User's attribute paths may carry; the core one last (longest prefix first). */
export const userExtensions = [urn.enterpriseUser, urn.user] as const;

export const userPatchSchema = (id: string): PatchSchema => ({
  schema: userSchema,
  coreUrn: urn.user,
  extensions: userExtensions,
  id,
});

/** A Group's members stay rows: one member added or removed never rewrites the group. */
export const groupPatchSchema = (id: string): PatchSchema => ({
  schema: groupSchema,
  coreUrn: urn.group,
  extensions: [urn.group],
  id,
  rowValued: ['members'],
});
