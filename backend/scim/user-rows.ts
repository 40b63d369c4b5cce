// A User resource ↔ its rows: the resource JSON is the source of truth; the
// columns and email rows are indexes for lookups and filters.
import type { AccountUsersTable } from '../db/schema.ts';
import type { UserResource } from './resource-schemas.ts';
import { etagOf, type ScimContext } from './scim-context.ts';
import { urn } from './scim-urns.ts';

export interface UserIndex {
  user_name: string;
  user_name_key: string;
  email: string | null;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  external_id: string | null;
  active: 0 | 1;
}

export interface EmailRow {
  value: string;
  type: string | null;
  is_primary: 0 | 1;
}

/** The resource as stored: what the client sent, without id/meta/schemas. */
export function storedResource(resource: UserResource): Record<string, unknown> {
  const { schemas: _schemas, ...rest } = resource;
  return { ...rest, active: resource.active ?? true };
}

export function indexOf(resource: UserResource): UserIndex {
  const emails = resource.emails ?? [];
  const primary = emails.find((e) => e.primary && e.value) ?? emails.find((e) => e.value);
  return {
    user_name: resource.userName,
    user_name_key: resource.userName.toLowerCase(),
    // Without an email attribute, an email-shaped userName (a UPN, usually) is the email.
    email:
      primary?.value?.toLowerCase() ??
      (resource.userName.includes('@') ? resource.userName.toLowerCase() : null),
    display_name: resource.displayName ?? null,
    given_name: resource.name?.givenName ?? null,
    family_name: resource.name?.familyName ?? null,
    external_id: resource.externalId ?? null,
    active: resource.active === false ? 0 : 1,
  };
}

export function emailRows(resource: UserResource): EmailRow[] {
  return (resource.emails ?? [])
    .filter((e) => e.value)
    .map((e) => ({
      value: (e.value ?? '').toLowerCase(),
      type: e.type?.toLowerCase() ?? null,
      is_primary: e.primary ? 1 : 0,
    }));
}

/**
 * Active as SCIM sees it: the row's flag, and for a backup login (whose row
 * stays active, see accounts/backup-login.ts) what the IdP last set.
 */
export function scimActiveOf(row: Pick<AccountUsersTable, 'active' | 'scim_resource'>): boolean {
  if (row.active !== 1) return false;
  if (!row.scim_resource) return true;
  return (JSON.parse(row.scim_resource) as { active?: unknown }).active !== false;
}

export function renderUser(ctx: ScimContext, row: AccountUsersTable): Record<string, unknown> {
  const stored = row.scim_resource
    ? (JSON.parse(row.scim_resource) as Record<string, unknown>)
    : {
        userName: row.user_name,
        ...(row.display_name && { displayName: row.display_name }),
        ...(row.email && { emails: [{ value: row.email, primary: true, type: 'work' }] }),
      };
  return {
    schemas: stored[urn.enterpriseUser] ? [urn.user, urn.enterpriseUser] : [urn.user],
    id: row.id,
    ...stored,
    userName: row.user_name,
    active: scimActiveOf(row),
    meta: {
      resourceType: 'User',
      created: row.created_at,
      lastModified: row.updated_at,
      version: etagOf(Number(row.version)),
      location: `${ctx.baseUrl}/Users/${row.id}`,
    },
  };
}
