// `latchkey-server` root-of-trust commands as an operator runs them: a root
// kept offline, the anchor exported for an app build, signing keys rotated and
// certified with the root's file — and the app's check accepts the result.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemClock } from '../../../backend/clock.ts';
import { openDatabase } from '../../../backend/db/connect.ts';
import { publishedKeyCertificates } from '../../../backend/licensing/key-certificates.ts';
import { certifiedKeyFor } from '../../../main/core/trust/certified-keys.ts';
import { parseTrustAnchor } from '../../../main/core/trust/trust-anchor.ts';
import type { TestDatabase } from '../../support/databases.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('latchkey-server root of trust commands', (dialect) => {
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    db = await dialect.create();
    dataDir = mkdtempSync(join(tmpdir(), 'latchkey-trust-cli-'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Each command is a process of its own (seconds on a busy machine): a budget, not a timing assertion.
  const budget = { timeout: 180_000 };

  async function cli(args: string[]) {
    const child = spawn(process.execPath, ['backend/cli/main.ts', '--json', ...args], {
      env: { ...process.env, DATABASE_URL: db.url, LATCHKEY_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(stdout) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { code, stdout, stderr, json };
  }

  async function certificates(): Promise<string[]> {
    const database = openDatabase(db.url, { poolSize: 1 });
    try {
      return (await publishedKeyCertificates(database.db, systemClock)).certificates;
    } finally {
      await database.close();
    }
  }

  test(
    'create-root --export-private, export-anchor, rotate and certify with the root file: the app accepts the certified key',
    budget,
    async () => {
      const rootFile = join(dataDir, 'root.jwk');
      const anchorFile = join(dataDir, 'trust-anchor.json');
      const created = await cli(['create-root', '--export-private', rootFile]);
      expect(created.code, created.stderr).toBe(0);
      expect(created.json).toMatchObject({ offline: true });
      expect(statSync(rootFile).mode & 0o077).toBe(0);
      expect(JSON.parse(readFileSync(rootFile, 'utf8'))).toMatchObject({
        kid: created.json?.kid,
        d: expect.any(String),
      });
      // The private half is never written over another file.
      const again = await cli(['create-root', '--export-private', rootFile]);
      expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('file_exists')]);

      const exported = await cli([
        'export-anchor',
        '--out',
        anchorFile,
        '--service-url',
        'https://license.example.com',
      ]);
      expect(exported.code, exported.stderr).toBe(0);
      const anchor = parseTrustAnchor(readFileSync(anchorFile, 'utf8'), 'built-in');
      expect(anchor.serviceUrl).toBe('https://license.example.com');
      expect(anchor.roots.map((r) => r.kid)).toEqual([created.json?.kid]);
      expect(readFileSync(anchorFile, 'utf8')).not.toContain('"d"');

      // The root is offline: a rotation without its file would sign licenses no app accepts.
      const refused = await cli(['rotate-signing-key']);
      expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('root_offline')]);
      const rotated = await cli(['rotate-signing-key', '--root-key', rootFile]);
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.json).toMatchObject({ certifiedBy: [created.json?.kid] });
      const kid = String(rotated.json?.kid);
      await expect(certifiedKeyFor(kid, await certificates(), anchor, new Date())).resolves.toBeTruthy();

      // Renewing the certifications (every served key) for 30 days.
      const certified = await cli(['certify-signing-key', '--root-key', rootFile, '--days', '30']);
      expect(certified.code, certified.stderr).toBe(0);
      const list = certified.json?.certified as { kid: string; expiresAt: string }[];
      expect(list.map((c) => c.kid)).toEqual([kid]);
      expect(Date.parse(list[0]?.expiresAt ?? '') - Date.now()).toBeLessThan(31 * 86_400_000);
      const in40Days = new Date(Date.now() + 40 * 86_400_000);
      await expect(certifiedKeyFor(kid, await certificates(), anchor, in40Days)).rejects.toThrow(/exp/);
    },
  );

  test(
    'bad input exits 2 and names it: unknown key, bad --days, a root file of no root here, no root to export or retire',
    budget,
    async () => {
      const rootFile = join(dataDir, 'root.jwk');
      const unknownKey = await cli(['certify-signing-key', '--kid', 'nope', '--root-key', rootFile]);
      expect([unknownKey.code, unknownKey.stderr]).toEqual([
        2,
        expect.stringContaining('signing_key_not_found'),
      ]);
      const badDays = await cli(['certify-signing-key', '--root-key', rootFile, '--days', '0']);
      expect(badDays.code).toBe(2);
      const missingFile = await cli(['certify-signing-key', '--root-key', join(dataDir, 'missing.jwk')]);
      expect([missingFile.code, missingFile.stderr]).toEqual([
        2,
        expect.stringContaining('root_key_unreadable'),
      ]);
      const kid = String(JSON.parse(readFileSync(rootFile, 'utf8')).kid);
      const retired = await cli(['retire-root', '--kid', kid]);
      expect(retired.code, retired.stderr).toBe(0);
      const retiredAgain = await cli(['retire-root', '--kid', kid]);
      expect([retiredAgain.code, retiredAgain.stderr]).toEqual([
        2,
        expect.stringContaining('root_not_found'),
      ]);
      const retiredFile = await cli(['certify-signing-key', '--root-key', rootFile]);
      expect([retiredFile.code, retiredFile.stderr]).toEqual([
        2,
        expect.stringContaining('not an active root'),
      ]);
      const noRoot = await cli(['export-anchor']);
      expect([noRoot.code, noRoot.stderr]).toEqual([2, expect.stringContaining('no_root')]);
      expect(await certificates()).toEqual([]);
    },
  );

  test(
    'create-root without a file seals the root here (a rotation needs no file); a second root kept offline: rotations need its file, and both roots certify the new key',
    budget,
    async () => {
      const created = await cli(['create-root']);
      expect(created.code, created.stderr).toBe(0);
      expect(created.json).toMatchObject({ offline: false });
      const rotated = await cli(['rotate-signing-key']);
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.json).toMatchObject({ certifiedBy: [created.json?.kid] });
      const anchor = parseTrustAnchor(
        JSON.stringify((await cli(['export-anchor', '--service-url', 'https://license.example.com'])).json),
        'built-in',
      );
      await expect(
        certifiedKeyFor(String(rotated.json?.kid), await certificates(), anchor, new Date()),
      ).resolves.toBeTruthy();

      // Rotating the root: a second one, kept offline. Every build trusts one of the two, so a
      // signing-key rotation must be certified by both: without the offline file it is refused.
      const secondFile = join(dataDir, 'second-root.jwk');
      const second = await cli(['create-root', '--export-private', secondFile]);
      expect(second.code, second.stderr).toBe(0);
      const refused = await cli(['rotate-signing-key']);
      expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining(String(second.json?.kid))]);
      const both = await cli(['rotate-signing-key', '--root-key', secondFile]);
      expect(both.code, both.stderr).toBe(0);
      expect(new Set(both.json?.certifiedBy as string[])).toEqual(
        new Set([created.json?.kid, second.json?.kid]),
      );
      const bothRoots = parseTrustAnchor(
        JSON.stringify((await cli(['export-anchor', '--service-url', 'https://license.example.com'])).json),
        'built-in',
      );
      expect(bothRoots.roots.map((r) => r.kid)).toEqual([created.json?.kid, second.json?.kid]);
      for (const root of bothRoots.roots) {
        const oneRoot = { ...bothRoots, roots: [root] };
        await expect(
          certifiedKeyFor(String(both.json?.kid), await certificates(), oneRoot, new Date()),
        ).resolves.toBeTruthy();
      }
    },
  );
});
