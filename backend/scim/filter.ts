// SCIM filters (RFC 7644 §3.4.2.2). scimmy parses the string into an OR of
// AND-groups; we compile that into parameterised SQL over our own tables, so
// filtering and paging happen in the database at any directory size.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import SCIMMY from 'scimmy';
import { badRequest } from './scim-error.ts';

type Operator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';
const operators = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);

export interface Condition {
  /** Lowercased attribute path, e.g. `emails.value`. */
  path: string;
  op: Operator;
  value: string | number | boolean | null;
  negate: boolean;
}
export type FilterClauses = Condition[][];

function leaves(path: string[], node: unknown, out: Condition[]): void {
  if (Array.isArray(node)) {
    if (Array.isArray(node[0])) {
      for (const item of node) leaves(path, item, out);
      return;
    }
    const negate = node[0] === 'not';
    const operands = negate ? node.slice(1) : node;
    const [op, value = null] = operands;
    if (typeof op !== 'string' || !operators.has(op.toLowerCase())) {
      throw badRequest(`unsupported operator in filter: ${String(op)}`, 'invalidFilter');
    }
    if (op.toLowerCase() !== 'pr' && operands.length < 2) {
      throw badRequest(`"${path.join('.')} ${op}" needs a value to compare with`, 'invalidFilter');
    }
    out.push({
      path: path.join('.').toLowerCase(),
      op: op.toLowerCase() as Operator,
      value: value as Condition['value'],
      negate,
    });
    return;
  }
  if (node && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) leaves([...path, key], child, out);
    return;
  }
  throw badRequest('filter could not be understood', 'invalidFilter');
}

export function parseFilter(expression: string): FilterClauses {
  if (expression.length > 2000) throw badRequest('filter is too long', 'invalidFilter');
  let parsed: object[];
  try {
    parsed = new SCIMMY.Types.Filter(expression) as object[];
  } catch (err) {
    throw badRequest(`invalid filter: ${(err as Error).message}`, 'invalidFilter');
  }
  return parsed.map((group) => {
    const out: Condition[] = [];
    leaves([], group, out);
    return out;
  });
}

/** Where an attribute lives in SQL, for one resource type. */
type ColumnType = 'text-ci' | 'text-key' | 'text' | 'boolean' | 'datetime';

export type Target =
  // text-key: a column stored lowercased (indexed); only the value is lowered
  | { kind: 'column'; column: string; type: ColumnType }
  | { kind: 'related'; table: string; key: string; parentKey: string; columns: Record<string, string> };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function comparison(ref: RawBuilder<unknown>, c: Condition, type: ColumnType) {
  if (c.op === 'pr') return sql<SqlBool>`(${ref} is not null)`;
  let value: string | number | boolean | null = c.value;
  if (type === 'boolean') {
    if (typeof value !== 'boolean' || (c.op !== 'eq' && c.op !== 'ne')) {
      throw badRequest(`${c.path} only supports eq/ne with true or false`, 'invalidFilter');
    }
    value = value ? 1 : 0;
  } else if (type === 'datetime') {
    const time = new Date(String(value));
    if (Number.isNaN(time.getTime())) throw badRequest(`${c.path} needs a date-time value`, 'invalidFilter');
    value = time.toISOString();
  } else {
    value = String(value ?? '');
    if (type === 'text-ci' || type === 'text-key') value = value.toLowerCase();
  }
  switch (c.op) {
    case 'eq':
      return sql<SqlBool>`(${ref} = ${value})`;
    case 'ne':
      return sql<SqlBool>`(${ref} is null or ${ref} <> ${value})`;
    case 'co':
      return sql<SqlBool>`(${ref} like ${`%${escapeLike(String(value))}%`} escape '\\')`;
    case 'sw':
      return sql<SqlBool>`(${ref} like ${`${escapeLike(String(value))}%`} escape '\\')`;
    case 'ew':
      return sql<SqlBool>`(${ref} like ${`%${escapeLike(String(value))}`} escape '\\')`;
    case 'gt':
      return sql<SqlBool>`(${ref} > ${value})`;
    case 'ge':
      return sql<SqlBool>`(${ref} >= ${value})`;
    case 'lt':
      return sql<SqlBool>`(${ref} < ${value})`;
    case 'le':
      return sql<SqlBool>`(${ref} <= ${value})`;
  }
}

function columnRef(table: string, column: string, type: string): RawBuilder<unknown> {
  const ref = sql.ref(`${table}.${column}`);
  return type === 'text-ci' ? sql`lower(${ref})` : sql`${ref}`;
}

function negated(expr: RawBuilder<SqlBool>, negate: boolean): RawBuilder<SqlBool> {
  return negate ? sql<SqlBool>`(not ${expr})` : expr;
}

/**
 * Compiles parsed clauses for a table. Conditions on the same multi-valued
 * attribute inside one AND-group share one EXISTS, so
 * `emails[type eq "work"].value eq "x"` means one email that is both.
 */
export function compileFilter(
  clauses: FilterClauses,
  table: string,
  targets: Record<string, Target>,
  related: Record<string, { table: string; key: string; parentKey: string }>,
): Expression<SqlBool> {
  const groups = clauses.map((clause) => {
    const parts: RawBuilder<SqlBool>[] = [];
    const byRelated = new Map<string, RawBuilder<SqlBool>[]>();
    for (const c of clause) {
      const target = targets[c.path];
      if (!target) throw badRequest(`filtering on "${c.path}" is not supported`, 'invalidFilter');
      if (target.kind === 'column') {
        parts.push(
          negated(comparison(columnRef(table, target.column, target.type), c, target.type), c.negate),
        );
        continue;
      }
      const rel = related[target.table];
      const column = target.columns[c.path];
      if (!rel || !column) throw badRequest(`filtering on "${c.path}" is not supported`, 'invalidFilter');
      const inner = comparison(
        columnRef('rel', column, 'text'),
        { ...c, value: typeof c.value === 'string' ? c.value.toLowerCase() : c.value },
        'text',
      );
      const list = byRelated.get(target.table) ?? [];
      list.push(negated(inner, c.negate));
      byRelated.set(target.table, list);
    }
    for (const [name, conditions] of byRelated) {
      const rel = related[name];
      if (!rel) continue;
      parts.push(
        sql<SqlBool>`exists (select 1 from ${sql.table(rel.table)} as rel where rel.${sql.ref(rel.key)} = ${sql.ref(
          `${table}.${rel.parentKey}`,
        )} and ${sql.join(conditions, sql` and `)})`,
      );
    }
    return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : sql<SqlBool>`(1 = 1)`;
  });
  return sql<SqlBool>`(${sql.join(groups, sql` or `)})`;
}
