// The two predicates every console list is built from: "after this cursor" in
// the list's order, and "starts with what the admin typed" (case-insensitive),
// both written so the database reads them as one range of an index of
// migration 0032.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { SqlDialect } from '../../db/connect.ts';
import type { CursorKey } from '../cursor.ts';

/**
 * Rows strictly after `key` in the order (first, second) ascending or descending:
 * a row-value comparison, which both databases read as a range of the index on
 * (…, first, second).
 */
export function afterKey(
  columns: readonly [string, string],
  key: CursorKey,
  order: 'asc' | 'desc',
): RawBuilder<SqlBool> {
  const [a, b] = columns;
  const op = sql.raw(order === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${sql.ref(a)}, ${sql.ref(b)}) ${op} (${key[0]}, ${key[1]})`;
}

/** Past any character that can follow a prefix: the range [prefix, prefix + this) holds exactly its extensions. */
const highest = '\u{10FFFF}';

/**
 * `lower(column)` begins with `typed` (lower-cased). A range, not LIKE: SQLite
 * does not use an expression index for LIKE, and PostgreSQL only in the "C"
 * collation, which the index and this comparison both name. SQLite's lower()
 * folds ASCII letters only, so case-insensitivity is for A-Z on SQLite.
 */
export function startsWith(column: string, typed: string, dialect: SqlDialect): RawBuilder<SqlBool> {
  const lo = typed.toLowerCase();
  const expr = lowered(column, dialect);
  return sql<SqlBool>`(${expr} >= ${lo} and ${expr} < ${lo + highest})`;
}

/** `lower(column)` is `typed` (lower-cased): the same index as startsWith, read as one key. */
export function equalsLowered(column: string, typed: string, dialect: SqlDialect): RawBuilder<SqlBool> {
  return sql<SqlBool>`${lowered(column, dialect)} = ${typed.toLowerCase()}`;
}

/** The indexed expression itself (migration 0032): the query must name it as the index does. */
function lowered(column: string, dialect: SqlDialect) {
  return dialect === 'postgres'
    ? sql`(lower(${sql.ref(column)}) collate "C")`
    : sql`lower(${sql.ref(column)})`;
}

/** A list's page size: bounded, 100 unless asked. */
export const pageLimit = { min: 1, max: 500, default: 100 } as const;
