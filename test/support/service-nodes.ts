// Several service nodes on one database, as a deployment behind a load
// balancer runs them: each its own process state, the database shared.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../backend/config.ts';
import { createLogger } from '../../backend/log.ts';
import { startService, type RunningService } from '../../backend/server.ts';
import type { Clock } from '../../backend/clock.ts';
import type { TestDialect } from './databases.ts';

export interface TestNodes {
  nodes: RunningService[];
  close(): Promise<void>;
}

export async function startTestNodes(
  dialect: TestDialect,
  count: number,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<TestNodes> {
  const database = await dialect.create();
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-nodes-'));
  const nodes: RunningService[] = [];
  // One after the other: the first migrates, the others find the schema done.
  for (let i = 0; i < count; i++) {
    const config = loadConfig({
      LATCHKEY_PORT: '0',
      LATCHKEY_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      LATCHKEY_LOG_LEVEL: process.env.LATCHKEY_TEST_LOG_LEVEL ?? 'silent',
      LATCHKEY_DOMAIN_RECHECK_HOURS: '0',
      LATCHKEY_SIGNUP: 'open',
      LATCHKEY_SIGNUPS_PER_HOUR: '10000',
      LATCHKEY_SAML_ACS_POSTS_PER_MINUTE: '100000',
      LATCHKEY_CONSOLE_SSO_STARTS_PER_MINUTE: '100000',
      LATCHKEY_APP_SIGN_IN_STARTS_PER_MINUTE: '100000',
      ...env,
    });
    nodes.push(await startService(config, createLogger(config.logLevel), clock && { clock }));
  }
  return {
    nodes,
    async close() {
      for (const node of nodes) await node.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
