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

test('the service stops gracefully on SIGTERM: exit code 0, port closed', async () => {
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
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  } finally {
    child.kill('SIGKILL');
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
