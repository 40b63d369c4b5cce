// Backup while the service runs, restore into a fresh data folder (with the
// master key copied), start there: an app's license still checks in, signed
// by the same key. Without the master key the restore refuses.
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { runServer } from '../../support/serve-process.ts';
import { startTestService, type TestService } from '../../support/service.ts';

type Issued = { activationId: string; activationSecret: string; license: string };
const sqlite = testDialects.find((d) => d.name === 'sqlite');

let original: TestService;
let work: string;
let issued: Issued;

const device = {
  deviceId: 'backup-device-0123456789',
  deviceName: 'Backed-up PC',
  os: 'Linux',
  appVersion: '1.0.0',
};

async function api(baseUrl: string, path: string, body?: unknown, bearer?: string) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: {
      ...(bearer && { authorization: `Bearer ${bearer}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Issued };
}

beforeAll(async () => {
  if (!sqlite) throw new Error('no sqlite dialect');
  work = mkdtempSync(join(tmpdir(), 'latchkey-backup-'));
  original = await startTestService(sqlite);
  const accountId = await new ConsoleClient(original.baseUrl).signUp(
    'Backed Up',
    'owner@backed.example',
    'correct horse battery',
  );
  const { key } = await addLicense(
    original.deps.database.db,
    original.deps.clock,
    { accountId, edition: 'business', seats: 5, deviceLimit: 2, expiresAt: '2099-01-01' },
    'test',
  );
  const activated = await api(original.baseUrl, '/activations/by-key', {
    licenseKey: key,
    email: 'ann@backed.example',
    ...device,
  });
  expect(activated.status).toBe(201);
  issued = activated.body;
});
afterAll(async () => {
  await original?.close();
  rmSync(work, { recursive: true, force: true });
});

const envOf = (dataDir: string, databaseUrl = join(dataDir, 'latchkey.sqlite')) => ({
  LATCHKEY_DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
});

test('backup while running, restore into a fresh data folder with the master key, and the license checks in there', async () => {
  const { dataDir, databaseUrl } = original.deps.config;
  const file = join(work, 'latchkey.backup');
  const backup = await runServer(['backup', '--to', file], envOf(dataDir, databaseUrl));
  expect(backup.code, backup.stderr).toBe(0);
  expect(backup.stdout).toContain(`written to ${file}`);
  expect(backup.stdout).toContain('cannot unseal its signing keys');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  // The service kept running meanwhile.
  expect((await fetch(`${original.baseUrl}/readyz`)).status).toBe(200);

  const keyless = mkdtempSync(join(work, 'keyless-'));
  const refused = await runServer(['restore', '--from', file], envOf(keyless));
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('no master key at');
  expect(existsSync(join(keyless, 'latchkey.sqlite'))).toBe(false);

  const fresh = mkdtempSync(join(work, 'fresh-'));
  copyFileSync(join(dataDir, 'master.key'), join(fresh, 'master.key'));
  const restored = await runServer(['restore', '--from', file], envOf(fresh));
  expect(restored.code, restored.stderr).toBe(0);
  expect(restored.stdout).toContain('Start the service');

  await original.close();
  if (!sqlite) throw new Error('no sqlite dialect');
  const again = await startTestService(sqlite, { env: envOf(fresh) });
  try {
    const checkIn = await api(
      again.baseUrl,
      `/activations/${issued.activationId}/check-in`,
      undefined,
      issued.activationSecret,
    );
    expect(checkIn.status).toBe(200);
    expect(decodeProtectedHeader(checkIn.body.license).kid).toBe(decodeProtectedHeader(issued.license).kid);
  } finally {
    await again.close();
  }
});

test('a wrong master key is refused before anything is replaced; a missing database exits 2; PostgreSQL gets pg_dump advice and exit 5', async () => {
  // The backup the test above wrote.
  const backupFile = join(work, 'latchkey.backup');
  expect(existsSync(backupFile)).toBe(true);
  const other = mkdtempSync(join(work, 'other-'));
  writeFileSync(join(other, 'master.key'), `${Buffer.alloc(32, 7).toString('base64')}\n`, { mode: 0o600 });
  const wrongKey = await runServer(['restore', '--from', backupFile], envOf(other));
  expect(wrongKey.code).toBe(2);
  expect(wrongKey.stderr).toContain('does not unseal');
  expect(existsSync(join(other, 'latchkey.sqlite'))).toBe(false);

  const nothing = await runServer(['backup', '--to', join(work, 'none.backup')], envOf(other));
  expect(nothing.code).toBe(2);
  expect(nothing.stderr).toContain('there is no database at');

  const pg = await runServer(['backup', '--to', join(work, 'pg.backup')], {
    LATCHKEY_DATA_DIR: other,
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  });
  expect(pg.code).toBe(5);
  expect(pg.stdout).toContain('pg_dump --format=custom');
  expect(pg.stdout).toContain('master key');
  expect(existsSync(join(work, 'pg.backup'))).toBe(false);
});
