// How many PostgreSQL connections each process of one node opens at most.
// LATCHKEY_PG_POOL_SIZE is the node's budget — what a DBA adds up against
// max_connections — whatever `serve --workers` is: the primary keeps 2 (the
// migration at start, the background jobs) and the workers share the rest.
// A check-in holds a connection for one round trip (check-in-statement.ts), so
// a few per worker keep its event loop busy; more only queue in PostgreSQL
// for the same cores.
export type PoolRole = 'single' | 'primary' | 'worker';

const primaryConnections = 2;

export function pgPoolSizeFor(nodeBudget: number, role: PoolRole, workers: number): number {
  if (role === 'single') return nodeBudget;
  if (role === 'primary') return primaryConnections;
  return Math.max(2, Math.floor((nodeBudget - primaryConnections) / Math.max(1, workers)));
}

/** The environment variable the primary hands each worker its sibling count in (serve-workers.ts). */
export const workerCountVariable = 'LATCHKEY_SERVE_WORKER_COUNT';

/** A worker's count as its primary set it; 1 when absent or not a count. */
export function workerCountOf(env: NodeJS.ProcessEnv): number {
  const n = Number(env[workerCountVariable]);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : 1;
}
