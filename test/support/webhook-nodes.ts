// Service nodes in their own processes that deliver webhooks, on the database
// and data folder (master key) of a test service: what several nodes behind a
// load balancer are. They trust the test receiver's certificate the way an
// operator adds a private CA to Node (NODE_EXTRA_CA_CERTS), not by turning
// verification off. Each counts what it sent (its "webhooks sent" log lines),
// and can be killed with SIGKILL mid-delivery.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestService } from './service.ts';

export interface WebhookNode {
  /** Attempts this node made, from its log. */
  sent(): number;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWebhookNode(
  first: TestService,
  ca: string,
  env: Record<string, string>,
): Promise<WebhookNode> {
  const caFile = join(first.deps.config.dataDir, 'webhook-receiver-ca.pem');
  writeFileSync(caFile, ca);
  const child = spawn(process.execPath, ['backend/cli/main.ts', 'serve'], {
    env: {
      ...process.env,
      LATCHKEY_ENV: first.deps.config.mode,
      LATCHKEY_PORT: '0',
      LATCHKEY_DATA_DIR: first.deps.config.dataDir,
      LATCHKEY_MASTER_KEY_FILE: first.deps.config.masterKeyFile,
      DATABASE_URL: first.deps.config.databaseUrl,
      LATCHKEY_PUBLIC_URL: first.deps.config.publicUrl,
      LATCHKEY_LOG_LEVEL: 'debug',
      LATCHKEY_DOMAIN_RECHECK_HOURS: '0',
      NODE_EXTRA_CA_CERTS: caFile,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let sent = 0;
  let buffer = '';
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('"msg":"Server listening at')) resolve();
        if (line.includes('"msg":"webhooks sent"')) sent += (JSON.parse(line) as { sent: number }).sent;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the webhook node exited with ${code}: ${out}`)));
  });
  return {
    sent: () => sent,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
