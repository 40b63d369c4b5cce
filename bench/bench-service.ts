// The service a benchmark runs against: in-process, SQLite in a temp folder,
// loopback on a free port, quiet logs. `stop` removes everything.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../backend/config.ts';
import { createLogger } from '../backend/log.ts';
import { startService } from '../backend/server.ts';

export async function startBenchService(label: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), `latchkey-${label}-`));
  const config = loadConfig({
    LATCHKEY_PORT: '0',
    LATCHKEY_DATA_DIR: dir,
    LATCHKEY_LOG_LEVEL: 'silent',
    LATCHKEY_DOMAIN_RECHECK_HOURS: '0',
    ...env,
  });
  const service = await startService(config, createLogger('silent'));
  return {
    service,
    dir,
    db: service.deps.database.db,
    clock: service.deps.clock,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new database in the PostgreSQL server at `serverUrl`, dropped afterwards: each run starts
 * empty (a database left by an earlier run holds keys sealed with that run's master key).
 */
export async function freshPostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lk_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
