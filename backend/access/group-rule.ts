// The one group rule: does a group (a SCIM group row, or a value of the SAML
// groups claim) match a group configured in step 3 (desktop users, admins)?
// By the IdP's id (our external id), our own id, or the display name without
// regard to case. One function for rows and claims, and its one SQL form for
// queries; test/backend/access/group-rule.test.ts holds them to one answer.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/** A group mapped in step 3; either half may be unset. */
export interface ConfiguredGroup {
  id: string | null;
  name: string | null;
}

/** The columns of `groups` the rule reads. */
export interface GroupKeys {
  id: string;
  external_id: string | null;
  /** Lowercased displayName, as SCIM stores it. */
  display_name_key: string;
}

export function groupMatches(group: GroupKeys, configured: ConfiguredGroup): boolean {
  const { id, name } = configured;
  return (
    (id !== null && (group.external_id === id || group.id === id)) ||
    (name !== null && group.display_name_key === name.toLowerCase())
  );
}

/** A value of the SAML groups claim: IdPs send an object id (Entra, Okta) or a group name (others). */
export const claimAsGroup = (value: string): GroupKeys => ({
  id: value,
  external_id: value,
  display_name_key: value.toLowerCase(),
});

export const claimMatches = (claim: readonly string[], configured: ConfiguredGroup): boolean =>
  claim.some((value) => groupMatches(claimAsGroup(value), configured));

type Operand = string | null | Expression<string | null>;

/**
 * The same rule in SQL, for a `groups` row under `alias`: the configured id
 * and name are values (bound as parameters) or columns (e.g.
 * `sql.ref('c.desktop_group_id')` inside a query joined to idp_configs).
 * A NULL side never matches, as in `groupMatches`.
 */
export function groupMatchesSql(
  alias: string,
  configured: { id: Operand; name: Operand },
): RawBuilder<SqlBool> {
  const col = (c: keyof GroupKeys) => sql.ref(`${alias}.${c}`);
  const { id, name } = configured;
  // A name given as a value is lowered here, as the function does (SQLite's lower() folds ASCII only).
  const nameKey = typeof name === 'string' ? name.toLowerCase() : name === null ? null : sql`lower(${name})`;
  return sql<SqlBool>`(${col('external_id')} = ${id} or ${col('id')} = ${id} or ${col('display_name_key')} = ${nameKey})`;
}
