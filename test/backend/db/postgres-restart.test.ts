// Fault test: the PostgreSQL server itself stops and starts again under a
// running service. A private cluster (its own initdb, port and data folder),
// so the shared test cluster that parallel suites use is never stopped.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServeProcess, type ServeProcess } from '../../support/serve-process.ts';

const root = '/usr/lib/postgresql';
const bindir = existsSync(root)
  ? readdirSync(root)
      .sort((a, b) => Number(a) - Number(b))
      .map((v) => join(root, v, 'bin'))
      .filter((d) => existsSync(join(d, 'initdb')))
      .at(-1)
  : undefined;
const isRoot = process.getuid?.() === 0;

function pgTool(tool: string, args: string[]): void {
  if (!bindir) throw new Error('no PostgreSQL binaries');
  const command = join(bindir, tool);
  if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

async function readyz(url: string) {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.skipIf(!bindir)(
  `PostgreSQL restarts under a running service [postgres]${bindir ? '' : ' — skipped: no PostgreSQL server binaries'}`,
  () => {
    let dir: string;
    let data: string;
    let port: number;
    let server: ServeProcess | undefined;
    const pgStart = () =>
      pgTool('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-o',
        `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
        'start',
      ]);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'latchkey-pg-restart-'));
      data = join(dir, 'data');
      if (isRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), -1);
      port = await freePort();
      pgTool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
      pgStart();
      const dataDir = join(dir, 'service');
      server = await startServeProcess({
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
        LATCHKEY_DATA_DIR: dataDir,
      });
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
      try {
        pgTool('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    });

    test('pg_ctl stop, then start: the process survives, /readyz 503 while down and 200 after, said once each way', async () => {
      if (!server) throw new Error('no server');
      await Promise.all(Array.from({ length: 4 }, () => readyz(server?.url ?? '')));
      expect((await readyz(server.url)).status).toBe(200);

      pgTool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      const down = await readyz(server.url);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'database unavailable', fault: { kind: 'unavailable' } });
      expect(server.child.exitCode).toBeNull();

      pgStart();
      expect(await readyz(server.url)).toEqual({
        status: 200,
        body: { status: 'ready', database: 'postgres' },
      });
      const lines = server.logLines();
      expect(lines.filter((l) => l.msg.startsWith('database unavailable'))).toHaveLength(1);
      expect(lines.filter((l) => l.msg === 'database recovered')).toHaveLength(1);
      expect(server.stderr()).toBe('');
    }, 60_000);
  },
);
