// Fault test on the real PostgreSQL: the service's connections are terminated
// (57P01, what a restart, a failover or pg_terminate_backend sends) and new
// ones are refused while "the database is away"; the process lives on.
// The database is taken away on its own (ALLOW_CONNECTIONS false), not by
// stopping the shared test cluster, so parallel suites are not disturbed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects, type TestDatabase } from '../../support/databases.ts';
import { startServeProcess, type ServeProcess } from '../../support/serve-process.ts';

const postgres = testDialects.find((d) => d.name === 'postgres');
const adminUrl = process.env.LATCHKEY_TEST_PG_URL;

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

async function readyz(url: string) {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.skipIf(Boolean(postgres?.skip))('PostgreSQL goes away under a running service [postgres]', () => {
  let db: TestDatabase;
  let dataDir: string;
  let server: ServeProcess;
  let name: string;

  beforeAll(async () => {
    if (!postgres) throw new Error('no postgres dialect');
    db = await postgres.create();
    name = new URL(db.url).pathname.slice(1);
    dataDir = mkdtempSync(join(tmpdir(), 'latchkey-pg-outage-'));
    server = await startServeProcess({ DATABASE_URL: db.url, LATCHKEY_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop();
    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('terminated connections (57P01): the process survives, /readyz 503 while away and 200 after, requests resume, one log line each way', async () => {
    // Several idle clients in the pool: each gets the 57P01.
    await Promise.all(Array.from({ length: 6 }, () => readyz(server.url)));
    expect((await readyz(server.url)).status).toBe(200);

    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);

    const away = await readyz(server.url);
    expect(away.status).toBe(503);
    expect(away.body).toMatchObject({ status: 'database unavailable', database: 'postgres' });
    const client = new ConsoleClient(server.url);
    const refused = await client.post('/api/console/signup', {
      name: 'Away Inc',
      ownerEmail: 'owner@away.example',
      ownerPassword: 'correct horse battery',
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(server.child.exitCode).toBeNull();

    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    // Ready again within a few probes: on a busy machine an idle client the server ended may still be
    // handed out once before the pool has read its socket's end (57P01 again), so ask up to 10 times.
    let back = await readyz(server.url);
    for (let tries = 1; back.status !== 200 && tries < 10; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      back = await readyz(server.url);
    }
    expect(back).toEqual({ status: 200, body: { status: 'ready', database: 'postgres' } });
    const created = await client.post('/api/console/signup', {
      name: 'Back Inc',
      ownerEmail: 'owner@back.example',
      ownerPassword: 'correct horse battery',
    });
    expect(created.status).toBe(201);

    const lines = server.logLines();
    const down = lines.filter((l) => l.msg.startsWith('database unavailable'));
    expect(down, JSON.stringify(down)).toHaveLength(1);
    expect(JSON.stringify(down[0])).toMatch(/57P01|55000/);
    expect(lines.filter((l) => l.msg === 'database recovered')).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'unhandled error')).toEqual([]);
    expect(server.stderr()).toBe('');
    expect(server.child.exitCode).toBeNull();
  });
});
