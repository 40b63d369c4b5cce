// Runs a suite once per test database; a dialect that cannot run here is
// reported as skipped with the reason in its name.
import { describe } from 'vitest';
import { testDialects, type TestDialect } from './databases.ts';

export function describeEachDatabase(title: string, body: (dialect: TestDialect) => void): void {
  for (const dialect of testDialects) {
    const name = `${title} [${dialect.name}]${dialect.skip ? ` — skipped: ${dialect.skip}` : ''}`;
    describe.skipIf(Boolean(dialect.skip))(name, () => body(dialect));
  }
}
