// A unique constraint said no: the database's answer to a count-then-write race
// (several nodes share it). SQLite names it by extended result code, PostgreSQL
// by SQLSTATE 23505 (unique_violation).
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return (
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505'
  );
}
