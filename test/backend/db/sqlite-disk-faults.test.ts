// Fault tests on a real SQLite file on a real, small file system: a 16 MiB
// tmpfs that is filled up (SQLITE_FULL), and a read-only bind mount (EROFS).
// Mounting needs root; elsewhere the tests say they are skipped.
// Why a tmpfs and not `PRAGMA max_page_count`: the page limit makes SQLite
// say SQLITE_FULL without a full disk, so it would not show what the service
// does when the WAL file cannot grow, nor that it recovers when space returns.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { runServer, startServeProcess } from '../../support/serve-process.ts';
import { startTestService, type TestService } from '../../support/service.ts';

const isRoot = process.getuid?.() === 0;
const skip = isRoot ? '' : ' — skipped: mounting a tmpfs needs root';
const sqlite = testDialects.find((d) => d.name === 'sqlite') ?? testDialects[0];

const mount = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });

function logSink() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  return {
    lines,
    stream: { write: (s: string) => void lines.push(JSON.parse(s) as { level: number; msg: string }) },
  };
}

const signUp = (url: string, label: string) =>
  new ConsoleClient(url).post('/api/console/signup', {
    name: `${label} Inc`,
    ownerEmail: `owner@${label}.example`,
    ownerPassword: 'correct horse battery',
  });

describe.skipIf(!isRoot)(`a full disk under the running service [sqlite]${skip}`, () => {
  let mountPoint: string;
  let service: TestService;
  const log = logSink();

  beforeAll(async () => {
    mountPoint = mkdtempSync(join(tmpdir(), 'latchkey-full-'));
    mount('-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint);
    if (!sqlite) throw new Error('no sqlite dialect');
    service = await startTestService(sqlite, {
      logStream: log.stream,
      env: {
        LATCHKEY_LOG_LEVEL: 'info',
        LATCHKEY_DATA_DIR: mountPoint,
        DATABASE_URL: join(mountPoint, 'latchkey.sqlite'),
      },
    });
  });
  afterAll(async () => {
    await service?.close();
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  test('SQLITE_FULL: said once in the log, writes 503 with Retry-After, /readyz degraded; all well again when space returns', async () => {
    expect((await signUp(service.baseUrl, 'roomy')).status).toBe(201);
    const { scimUrl, token } = await createScimAccount(service.baseUrl, 'fullscim');
    const scim = scimClient(scimUrl, token);
    const user = (userName: string) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      active: true,
    });
    // An empty WAL, so the next write must grow a file.
    service.deps.database.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    const filler = join(mountPoint, 'filler');
    try {
      for (let i = 0; i < 1000; i++) appendFileSync(filler, Buffer.alloc(64 * 1024, 1));
      throw new Error('the tmpfs never filled up');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    }

    const writes = [];
    for (const label of ['full-a', 'full-b', 'full-c']) writes.push(await signUp(service.baseUrl, label));
    expect(writes.map((w) => w.status)).toEqual([503, 503, 503]);
    expect(writes[0]?.headers.get('retry-after')).toBe('30');
    expect(writes[0]?.body).toMatchObject({ error: { code: 'service_unavailable' } });
    const scimWrite = await scim('POST', '/Users', user('ann@fullscim.example'));
    expect(scimWrite.status).toBe(503);
    expect(scimWrite.headers.get('retry-after')).toBe('30');
    expect(scimWrite.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '503',
    });

    const degraded = await fetch(`${service.baseUrl}/readyz`);
    expect(degraded.status).toBe(503);
    expect(await degraded.json()).toEqual({
      status: 'degraded',
      database: 'sqlite',
      fault: { kind: 'full', code: 'SQLITE_FULL' },
    });
    const said = log.lines.filter((l) => l.msg.startsWith('database disk full'));
    expect(said).toHaveLength(1);
    expect(said[0]?.msg).toContain('SQLITE_FULL');
    expect(log.lines.filter((l) => l.level >= 50 && l !== said[0])).toEqual([]);

    rmSync(filler);
    expect((await fetch(`${service.baseUrl}/readyz`)).status).toBe(200);
    expect(log.lines.filter((l) => l.msg === 'database recovered')).toHaveLength(1);
    expect((await signUp(service.baseUrl, 'roomy-again')).status).toBe(201);
    expect((await scim('POST', '/Users', user('ann@fullscim.example'))).status).toBe(201);
  });
});

describe.skipIf(!isRoot)(`a read-only file system [sqlite]${skip}`, () => {
  let source: string;
  let readOnly: string;

  beforeAll(async () => {
    source = mkdtempSync(join(tmpdir(), 'latchkey-rw-'));
    readOnly = mkdtempSync(join(tmpdir(), 'latchkey-ro-'));
    const first = await runServer(['migrate'], {
      LATCHKEY_DATA_DIR: source,
      DATABASE_URL: join(source, 'latchkey.sqlite'),
    });
    expect(first.code, first.stderr).toBe(0);
    mount('--bind', source, readOnly);
    mount('-o', 'remount,bind,ro', readOnly);
  });
  afterAll(() => {
    execFileSync('umount', [readOnly]);
    rmSync(readOnly, { recursive: true, force: true });
    rmSync(source, { recursive: true, force: true });
  });

  test('EROFS: serve exits 1 and says the folder is on a read-only file system', async () => {
    mkdirSync(join(source, 'unused'), { recursive: true });
    const res = await runServer(['serve'], {
      LATCHKEY_DATA_DIR: readOnly,
      LATCHKEY_MASTER_KEY_FILE: join(source, 'master.key'),
      DATABASE_URL: join(readOnly, 'latchkey.sqlite'),
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('read-only file system (EROFS)');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

// Root writes any file whatever its mode, so the service runs as `nobody`
// here: SQLite then opens the 0444 file read-only, as it would for any user.
describe.skipIf(!isRoot)(`a read-only database file [sqlite]${skip}`, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'latchkey-0444-'));
    // A data folder that has served before (its signing key exists).
    const first = await startServeProcess({ LATCHKEY_DATA_DIR: dataDir });
    expect(await first.stop()).toBe(0);
    const nobody = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
    chownSync(dataDir, nobody, -1);
    for (const f of readdirSync(dataDir)) chownSync(join(dataDir, f), nobody, -1);
    chmodSync(join(dataDir, 'latchkey.sqlite'), 0o444);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('SQLITE_READONLY/EACCES: the service starts, says it once, /readyz degraded, writes 503 with Retry-After', async () => {
    const server = await startServeProcess({ LATCHKEY_DATA_DIR: dataDir }, [], 'nobody');
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status, server.stdout()).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'degraded', fault: { kind: 'read-only' } });
      const writes = [];
      for (const label of ['ro-a', 'ro-b']) writes.push(await signUp(server.url, label));
      expect(writes.map((w) => w.status)).toEqual([503, 503]);
      expect(writes[0]?.headers.get('retry-after')).toBe('30');
      const said = server.logLines().filter((l) => l.msg.startsWith('database is read-only'));
      expect(said).toHaveLength(1);
      expect(server.logLines().filter((l) => l.level >= 50)).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
