// A query built with Kysely once and compiled once per dialect, then run with
// new values: for the hot path (check-in), where building and compiling the
// same query on every call was about a sixth of the CPU. The query is built
// with a marker in place of each named value; the compiled parameters that
// hold a marker take the caller's value, every other parameter stays as built.
// (Statements are then prepared once as well: statement-cache.ts on SQLite,
// named prepared statements on PostgreSQL, prepared-statements.ts.)
import {
  PostgresAdapter,
  type Compilable,
  type CompiledQuery,
  type Kysely,
  type QueryResult,
  type RawBuilder,
} from 'kysely';
import { prepareByName } from './prepared-statements.ts';
import type { Database } from './schema.ts';
import type { Db } from './types.ts';

type Value = string | number | null;

interface Compiled {
  query: CompiledQuery;
  /** Per compiled parameter: the name of the caller's value, or the constant it was built with. */
  slots: ({ name: string } | { constant: unknown })[];
}

export type RunCompiled<P extends Record<string, Value>, R> = (db: Db, values: P) => Promise<QueryResult<R>>;

/**
 * `build` gets a database to build on and, for each name, a marker to use where
 * that value goes. Every name must be used; values are bound, never spliced.
 */
export function compileOnce<P extends Record<string, Value>, R>(
  names: readonly (keyof P & string)[],
  build: (db: Kysely<Database>, values: P) => Compilable<R>,
): RunCompiled<P, R> {
  const byAdapter = new WeakMap<object, Compiled>();
  const marker = (name: string) => `\u0000compiled:${name}\u0000`;
  const compile = (db: Db): Compiled => {
    const markers = Object.fromEntries(names.map((n) => [n, marker(n)])) as P;
    const query = build(db as Kysely<Database>, markers).compile();
    const slots = query.parameters.map((p) => {
      const name = names.find((n) => p === marker(n));
      return name === undefined ? { constant: p } : { name };
    });
    const unused = names.filter((n) => !slots.some((s) => 'name' in s && s.name === n));
    if (unused.length) throw new TypeError(`compileOnce: ${unused.join(', ')} not used in the query`);
    // A fixed text: PostgreSQL prepares it once per connection (prepared-statements.ts).
    if (db.getExecutor().adapter instanceof PostgresAdapter) prepareByName(query.sql);
    return { query, slots };
  };
  return (db, values) => {
    // One compiled form per dialect: the adapter is shared by a database and its transactions.
    const adapter = db.getExecutor().adapter;
    let compiled = byAdapter.get(adapter);
    if (!compiled) byAdapter.set(adapter, (compiled = compile(db)));
    const parameters = compiled.slots.map((s) => ('name' in s ? values[s.name] : s.constant));
    return db.executeQuery<R>({ ...compiled.query, parameters } as CompiledQuery<R>);
  };
}

/** A raw `sql` statement as compileOnce takes it: compiled against the database it was built on. */
export const compilableSql = <R>(db: Kysely<Database>, statement: RawBuilder<R>): Compilable<R> => ({
  compile: () => statement.compile(db),
});
