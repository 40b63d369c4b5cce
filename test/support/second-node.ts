// A second service node in its own process, on the same database and data
// folder (master key) as a test service: what two nodes behind a load
// balancer are. Concurrency between the two is real on PostgreSQL and on
// SQLite (one connection per process, WAL), unlike two requests to one
// process, which one SQLite connection serializes.
import { spawn } from 'node:child_process';
import type { TestService } from './service.ts';

export interface SecondNode {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startSecondNode(first: TestService): Promise<SecondNode> {
  const child = spawn(process.execPath, ['backend/cli/main.ts', 'serve'], {
    env: {
      ...process.env,
      LATCHKEY_ENV: first.deps.config.mode,
      LATCHKEY_PORT: '0',
      LATCHKEY_DATA_DIR: first.deps.config.dataDir,
      LATCHKEY_MASTER_KEY_FILE: first.deps.config.masterKeyFile,
      DATABASE_URL: first.deps.config.databaseUrl,
      // one issuer for both nodes, as behind a load balancer
      LATCHKEY_PUBLIC_URL: first.deps.config.publicUrl,
      LATCHKEY_LOG_LEVEL: 'info',
      LATCHKEY_DOMAIN_RECHECK_HOURS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m?.[1]) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the second node exited with ${code}: ${out}`)));
  });
  return {
    baseUrl,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
