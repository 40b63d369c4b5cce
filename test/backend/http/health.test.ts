import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { testDialects } from '../../support/databases.ts';

describeEachDatabase('health and readiness', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  test('/healthz answers ok; /readyz says ready with the database kind', async () => {
    expect(await (await fetch(`${service.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: dialect.name });
  });
});

// `serve` on a fresh SQLite database, logging at info.
async function spawnServe() {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite dialect');
  const db = await sqlite.create();
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-sig-'));
  const child = spawn(process.execPath, ['backend/cli/main.ts', 'serve'], {
    env: {
      ...process.env,
      LATCHKEY_PORT: '0',
      LATCHKEY_DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      LATCHKEY_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return {
    child,
    output: () => out,
    exited: new Promise<number | null>((resolve) => child.once('exit', resolve)),
    async cleanUp() {
      child.kill('SIGKILL');
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const lineMatching = (serve: Awaited<ReturnType<typeof spawnServe>>, pattern: RegExp) =>
  new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = () => {
      const m = pattern.exec(serve.output());
      if (m) {
        serve.child.stdout.off('data', onData);
        resolve(m);
      }
    };
    serve.child.stdout.on('data', onData);
    void serve.exited.then((code) => reject(new Error(`exited early with ${code}: ${serve.output()}`)));
  });

test('the service stops gracefully on SIGTERM: exit code 0, port closed', async () => {
  const serve = await spawnServe();
  try {
    const url = (await lineMatching(serve, /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/))[1];
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  } finally {
    await serve.cleanUp();
  }
});

// A supervisor (or a test) may stop a node that is still starting: the signal then waits for the
// start, instead of the default action killing the process half-way (exit by signal, code null).
test('a SIGTERM while the service still starts stops it once started: exit code 0', async () => {
  const serve = await spawnServe();
  try {
    await lineMatching(serve, /"msg":"database migrated"/);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.output()).toContain('"msg":"shutting down"');
  } finally {
    await serve.cleanUp();
  }
});
