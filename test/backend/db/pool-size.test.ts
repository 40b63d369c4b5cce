import { expect, test } from 'vitest';
import { loadConfig } from '../../../backend/config.ts';
import { pgPoolSizeFor, workerCountOf, workerCountVariable } from '../../../backend/db/pool-size.ts';

test('a node keeps to its PostgreSQL connection budget whatever --workers is: the primary 2, the workers share the rest', () => {
  expect(pgPoolSizeFor(10, 'single', 1)).toBe(10);
  expect(pgPoolSizeFor(10, 'primary', 2)).toBe(2);
  expect(pgPoolSizeFor(10, 'worker', 1)).toBe(8);
  expect(pgPoolSizeFor(10, 'worker', 2)).toBe(4);
  // 2 + 2 × 4 = 10: the node's total stays the budget.
  expect(pgPoolSizeFor(10, 'primary', 2) + 2 * pgPoolSizeFor(10, 'worker', 2)).toBe(10);
  // Never fewer than 2 per worker (a check-in and a background read at once).
  expect(pgPoolSizeFor(10, 'worker', 16)).toBe(2);
  expect(workerCountOf({ [workerCountVariable]: '2' })).toBe(2);
  expect(workerCountOf({ [workerCountVariable]: 'lots' })).toBe(1);
  expect(workerCountOf({})).toBe(1);
});

test('LATCHKEY_PG_POOL_SIZE: 10 by default; a value below 4 stops the start with the variable named', () => {
  expect(loadConfig({}).pgPoolSize).toBe(10);
  expect(loadConfig({ LATCHKEY_PG_POOL_SIZE: '40' }).pgPoolSize).toBe(40);
  expect(() => loadConfig({ LATCHKEY_PG_POOL_SIZE: '1' })).toThrow(/LATCHKEY_PG_POOL_SIZE/);
  expect(() => loadConfig({ LATCHKEY_PG_POOL_SIZE: 'many' })).toThrow(/LATCHKEY_PG_POOL_SIZE/);
});
