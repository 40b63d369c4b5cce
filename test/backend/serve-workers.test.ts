// `latchkey-server serve --workers 2` as real processes: both workers serve,
// a killed worker is replaced, an activation made on one worker checks in on
// the other, and a signing-key rotation by another process reaches both.
// Which worker answered is read from the worker's log lines (each carries its
// worker number); new connections go to the workers in turn (node:cluster).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAccount } from '../../backend/accounts/account-service.ts';
import { systemClock } from '../../backend/clock.ts';
import { openDatabase } from '../../backend/db/connect.ts';
import { addLicense } from '../../backend/licensing/license-registry.ts';
import { serviceV8Flags } from '../../backend/v8-flags.ts';
import type { TestDatabase } from '../support/databases.ts';
import { spawnServer } from '../support/serve-process.ts';
import { describeEachDatabase } from '../support/suites.ts';

interface LogLine {
  msg: string;
  worker?: number;
  workerPid?: number;
  route?: string;
  statusCode?: number;
}

/** One request on a connection of its own (no keep-alive), so the cluster hands it to the next worker. */
function fresh(
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        agent: false,
        headers: { ...headers, ...(payload && { 'content-type': 'application/json' }) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const kidOf = (jws: string) =>
  (JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid: string }).kid;

describeEachDatabase('serve --workers 2: several processes on one database', (dialect) => {
  let db: TestDatabase;
  let dataDir: string;
  let server: ReturnType<typeof spawnServer>;
  let url: string;
  let env: Record<string, string>;

  const lines = (): LogLine[] =>
    server
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  /** Resolves once a log line matches (the test's own timeout bounds the wait). */
  const logged = async (match: (l: LogLine) => boolean, count = 1) => {
    while (lines().filter(match).length < count) {
      if (server.child.exitCode !== null)
        throw new Error(`serve exited: ${server.stdout()}${server.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return lines().filter(match);
  };
  const workersThatServed = (route: string) =>
    new Set(
      lines()
        .filter((l) => l.route === route && l.worker !== undefined)
        .map((l) => l.worker),
    );

  beforeAll(async () => {
    db = await dialect.create();
    dataDir = mkdtempSync(join(tmpdir(), 'latchkey-workers-'));
    env = {
      DATABASE_URL: db.url,
      LATCHKEY_DATA_DIR: dataDir,
      LATCHKEY_ENV: 'development',
      // Successful check-ins are logged at debug only (http/request-log.ts).
      LATCHKEY_LOG_LEVEL: 'debug',
      LATCHKEY_DOMAIN_RECHECK_HOURS: '0',
    };
    server = spawnServer(['serve', '--workers', '2'], env);
    const [ready] = await logged((l) => l.msg === 'workers listening');
    url = String((ready as unknown as { url: string }).url);
    // Two worker processes start, migrate and listen: beyond the suite's 30 s at load ~18 on two cores.
  }, 120_000);
  afterAll(async () => {
    if (server?.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('both workers serve requests', async () => {
    for (let i = 0; i < 6; i++) expect((await fresh(`${url}/readyz`, 'GET')).status).toBe(200);
    await logged((l) => l.route === '/readyz', 6);
    expect(workersThatServed('/readyz').size).toBe(2);
  });

  // Linux: a process's own command line is in /proc. The cap is what keeps a worker's RSS flat (docs/operations.md, "Memory").
  test('every worker runs with the young-generation cap operations.md documents (--max-semi-space-size=8)', async () => {
    expect(serviceV8Flags).toContain('--max-semi-space-size=8');
    const started = await logged((l) => l.msg === 'worker listening', 2);
    for (const { workerPid } of started) {
      const argv = readFileSync(`/proc/${workerPid}/cmdline`, 'utf8').split('\0');
      expect(argv).toContain('--max-semi-space-size=8');
    }
  });

  test('an activation made on one worker checks in on the other; a rotation reaches both', async () => {
    const database = openDatabase(db.url, { poolSize: 1 });
    let key: string;
    try {
      const account = await createAccount(
        database.db,
        systemClock,
        {
          name: 'Workers',
          ownerEmail: `owner-${randomUUID()}@workers.example`,
          ownerPassword: 'a long password',
        },
        'test',
      );
      key = (
        await addLicense(
          database.db,
          systemClock,
          { accountId: account.id, edition: 'business', seats: 5, deviceLimit: 3, expiresAt: '2099-01-01' },
          'test',
        )
      ).key;
    } finally {
      await database.close();
    }
    const activated = await fresh(
      `${url}/api/v1/activations/by-key`,
      'POST',
      {},
      {
        licenseKey: key,
        email: 'dev@workers.example',
        deviceId: 'device-across-workers',
        deviceName: 'Laptop',
        os: 'linux',
        appVersion: '1.0.0',
      },
    );
    expect(activated.status, JSON.stringify(activated.json)).toBe(201);
    const { activationId, activationSecret, license } = activated.json as Record<string, string>;
    const checkIn = () =>
      fresh(`${url}/api/v1/activations/${activationId}/check-in`, 'POST', {
        authorization: `Bearer ${activationSecret}`,
      });
    const route = '/api/v1/activations/:id/check-in';
    for (let i = 0; i < 4; i++) {
      const res = await checkIn();
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(kidOf(String(res.json.license))).toBe(kidOf(String(license)));
    }
    await logged((l) => l.route === route, 4);
    expect(workersThatServed(route).size).toBe(2);

    // Another process rotates the signing key (development: the online root certifies it).
    const rotate = spawn(process.execPath, ['backend/cli/main.ts', '--json', 'rotate-signing-key'], {
      env: { ...process.env, ...env, LATCHKEY_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    rotate.stdout.on('data', (c: Buffer) => (out += c.toString()));
    expect(await new Promise((resolve) => rotate.once('exit', resolve))).toBe(0);
    const newKid = (JSON.parse(out) as { kid: string }).kid;
    expect(newKid).not.toBe(kidOf(String(license)));
    // Each worker re-reads the signing key within seconds: check in until two in a row (one per
    // worker, since new connections alternate) carry the new kid. The test's timeout bounds it.
    let inARow = 0;
    while (inARow < 2) {
      const res = await checkIn();
      expect(res.status).toBe(200);
      inARow = kidOf(String(res.json.license)) === newKid ? inARow + 1 : 0;
      if (inARow === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  test('a killed worker is replaced, and the service keeps answering', async () => {
    const pids = (await logged((l) => l.msg === 'worker listening', 2)).map((l) => l.workerPid ?? 0);
    process.kill(pids[0] ?? 0, 'SIGKILL');
    const [replacement] = (await logged((l) => l.msg === 'worker listening', 3)).slice(2);
    expect(pids).not.toContain(replacement?.workerPid);
    expect(lines().some((l) => l.msg === 'worker died; starting another')).toBe(true);
    for (let i = 0; i < 4; i++) expect((await fresh(`${url}/healthz`, 'GET')).status).toBe(200);
  });

  test('SIGTERM stops every worker, then the primary exits 0', async () => {
    const pids = lines()
      .filter((l) => l.msg === 'worker listening')
      .map((l) => l.workerPid ?? 0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
