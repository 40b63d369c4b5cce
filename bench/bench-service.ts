// The service a benchmark runs against: in-process, SQLite in a temp folder,
// loopback on a free port, quiet logs. `stop` removes everything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    db: service.deps.database.db,
    clock: service.deps.clock,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
