// Fault test on a real SQLite file: deleted under the running service, then
// the restart that would have made an empty database with a new signing key.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { runServer, startServeProcess, type ServeProcess } from '../../support/serve-process.ts';

let dataDir: string;
let server: ServeProcess | undefined;
const env = () => ({ LATCHKEY_DATA_DIR: dataDir, DATABASE_URL: join(dataDir, 'latchkey.sqlite') });

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'latchkey-gone-'));
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

const signUp = (url: string, label: string) =>
  new ConsoleClient(url).post('/api/console/signup', {
    name: `${label} Inc`,
    ownerEmail: `owner@${label}.example`,
    ownerPassword: 'correct horse battery',
  });

test('the database file deleted while running: /readyz 503 and writes 503 (not 201 into the deleted file), said once in the log', async () => {
  server = await startServeProcess(env());
  expect((await signUp(server.url, 'before')).status).toBe(201);
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

  rmSync(join(dataDir, 'latchkey.sqlite'));
  const ready = await fetch(`${server.url}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toEqual({
    status: 'database unavailable',
    database: 'sqlite',
    fault: { kind: 'file-gone', code: 'DB_FILE_DELETED' },
  });
  const url = server.url;
  const writes = await Promise.all(['a', 'b', 'c'].map((l) => signUp(url, l)));
  expect(writes.map((w) => w.status)).toEqual([503, 503, 503]);
  expect(writes[0]?.headers.get('retry-after')).toBe('30');
  const said = server.logLines().filter((l) => l.msg.startsWith('database file deleted or replaced'));
  expect(said).toHaveLength(1);
  expect(server.child.exitCode).toBeNull();
}, 60_000);

test('a restart on a data folder whose master key sealed keys but whose database is missing or empty is refused (exit 4); --init starts over', async () => {
  server = await startServeProcess(env());
  await server.stop();
  server = undefined;
  rmSync(join(dataDir, 'latchkey.sqlite'));
  rmSync(join(dataDir, 'latchkey.sqlite-wal'), { force: true });
  rmSync(join(dataDir, 'latchkey.sqlite-shm'), { force: true });

  const missing = await runServer(['serve'], env());
  expect(missing.code).toBe(4);
  expect(missing.stderr).toContain('refusing to start: the database file');
  expect(missing.stderr).toContain('latchkey-server restore --from');
  expect(missing.stderr).toContain('latchkey-server serve --init');
  expect(existsSync(join(dataDir, 'latchkey.sqlite'))).toBe(false);

  // An empty database in its place (DATABASE_URL pointed at a new file) is refused too.
  const empty = await runServer(['migrate'], env());
  expect(empty.code).toBe(0);
  const refused = await runServer(['serve'], env());
  expect(refused.code).toBe(4);
  expect(refused.stderr).toContain('holds no signing keys');

  server = await startServeProcess(env(), ['--init']);
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  expect(server.logLines().some((l) => l.msg.startsWith('starting over (--init)'))).toBe(true);
  await server.stop();
  server = await startServeProcess(env());
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
}, 120_000);
