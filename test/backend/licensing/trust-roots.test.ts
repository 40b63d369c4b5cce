// The service's side of the root of trust (DESIGN.md, "Trust"): roots sealed
// or kept offline, certificates of the signing keys published beside the JWKS,
// rotation certified at once, a retired root no longer published.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { certifiedKeyFor } from '../../../main/core/trust/certified-keys.ts';
import { rotateSigningKey } from '../../../backend/licensing/signing-keys.ts';
import {
  activeRoots,
  createRoot,
  ensureDevelopmentRoot,
  exportAnchor,
  retireRoot,
  rootSignerFromFile,
} from '../../../backend/licensing/trust-roots.ts';
import type { JWK } from 'jose';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('roots of trust and key certificates', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  const published = async () => {
    const res = await fetch(`${service.baseUrl}/api/v1/key-certificates`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { certificates: string[] }).certificates;
  };
  const currentKid = async () => {
    const res = await fetch(`${service.baseUrl}/api/v1/jwks`);
    return ((await res.json()) as { keys: { kid: string }[] }).keys[0]?.kid ?? '';
  };
  const anchor = async () => {
    const file = await exportAnchor(service.deps.database.db, service.baseUrl);
    return { serviceUrl: file.serviceUrl, roots: file.roots, source: 'built-in' as const };
  };

  test('production starts without a root: nothing is certified until create-root, which certifies the served key at once', async () => {
    expect(await published()).toEqual([]);
    const { db } = service.deps.database;
    const root = await createRoot(db, service.deps.clock, service.deps.masterKey);
    const kid = await currentKid();
    expect(root.certified).toEqual([kid]);
    const certificates = await published();
    expect(certificates).toHaveLength(1);
    await expect(certifiedKeyFor(kid, certificates, await anchor(), new Date())).resolves.toBeTruthy();
    const row = await db
      .selectFrom('trust_roots')
      .selectAll()
      .where('kid', '=', root.kid)
      .executeTakeFirstOrThrow();
    // Sealed at rest: the stored value is not the private JWK.
    expect(row.private_key_sealed).toMatch(/^v1\./);
    expect(row.private_key_sealed).not.toContain('"d"');
  });

  test('a root kept offline: only its public half is stored; its file certifies a rotated key, another key file is refused', async () => {
    const { db } = service.deps.database;
    let exported: JWK | undefined;
    const offline = await createRoot(db, service.deps.clock, service.deps.masterKey, {
      exportPrivate: async (jwk) => {
        exported = jwk;
      },
    });
    const row = await db
      .selectFrom('trust_roots')
      .select('private_key_sealed')
      .where('kid', '=', offline.kid)
      .executeTakeFirstOrThrow();
    expect(row.private_key_sealed).toBeNull();
    expect(exported?.d).toBeTruthy();
    const signer = await rootSignerFromFile(db, JSON.stringify(exported));
    const { kid, certifiedBy } = await rotateSigningKey(
      db,
      service.deps.clock,
      service.deps.masterKey,
      14 * 86_400_000,
      [signer],
    );
    // The sealed root of the previous test certifies it by itself; the offline one from its file.
    expect(new Set(certifiedBy)).toEqual(new Set([(await activeRoots(db))[0]?.kid, offline.kid]));
    const onlyOffline = {
      serviceUrl: service.baseUrl,
      roots: (await anchor()).roots.filter((r) => r.kid === offline.kid),
      source: 'built-in' as const,
    };
    await expect(certifiedKeyFor(kid, await published(), onlyOffline, new Date())).resolves.toBeTruthy();
    const stranger = { ...exported, x: 'A'.repeat(43) };
    await expect(rootSignerFromFile(db, JSON.stringify(stranger))).rejects.toThrow(/not the public key/);
    await expect(rootSignerFromFile(db, '{"kty":"RSA"}')).rejects.toThrow(/Ed25519 private JWK/);
  });

  test('a retired root: its certificates are no longer published and its anchor entry is gone', async () => {
    const { db } = service.deps.database;
    const roots = await activeRoots(db);
    const retired = roots.at(-1)?.kid ?? '';
    const before = (await published()).length;
    expect(await retireRoot(db, service.deps.clock, retired)).toBe(true);
    expect(await retireRoot(db, service.deps.clock, retired)).toBe(false);
    expect((await published()).length).toBeLessThan(before);
    expect((await anchor()).roots.map((r) => r.kid)).not.toContain(retired);
  });

  test('the development root is made once, even by nodes starting together on one database', async () => {
    const { db } = service.deps.database;
    await db.updateTable('trust_roots').set({ retired_at: new Date().toISOString() }).execute();
    const kids = await Promise.all(
      [1, 2, 3].map(() => ensureDevelopmentRoot(db, service.deps.clock, service.deps.masterKey)),
    );
    expect(new Set(kids).size).toBe(1);
    expect((await activeRoots(db)).map((r) => r.kid)).toEqual([kids[0]]);
    // Retired, it is not made again behind the operator's back.
    await retireRoot(db, service.deps.clock, kids[0] ?? '');
    expect(await ensureDevelopmentRoot(db, service.deps.clock, service.deps.masterKey)).toBeNull();
    expect(await activeRoots(db)).toEqual([]);
  });
});
