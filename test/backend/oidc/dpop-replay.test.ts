// The DPoP jti memory shared by the nodes (migration 0040): the insert is the
// check, so a proof can be accepted once however many requests race for it —
// at the licensing API (firstUseOfProof) and at oidc-provider's token endpoint,
// whose ReplayDetection model finds, then saves (the adapter makes the save fail).
import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { migrateToLatest } from '../../../backend/db/migrate.ts';
import { firstUseOfProof, sweepDpopProofs } from '../../../backend/oidc/dpop-replay.ts';
import { kyselyAdapter } from '../../../backend/oidc/kysely-adapter.ts';
import { useEmptyDatabase } from '../../support/empty-database.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const clock = { now: () => new Date() };

describeEachDatabase('DPoP proofs seen', (dialect) => {
  const database = useEmptyDatabase(dialect);

  test('one jti raced 20 times: accepted exactly once; swept after its window', async () => {
    const { db } = database();
    await migrateToLatest(db, database().dialect);
    const jti = randomUUID();
    const until = new Date(Date.now() + 300_000);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => firstUseOfProof(db, 'api:thumbprint', jti, until)),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
    // The same jti by another key, or at another place, is another proof.
    expect(await firstUseOfProof(db, 'api:other-thumbprint', jti, until)).toBe(true);
    const later = { now: () => new Date(Date.now() + 301_000) };
    expect(await sweepDpopProofs(db, later)).toBe(2);
    expect(await firstUseOfProof(db, 'api:thumbprint', jti, until)).toBe(true);
  });

  test("oidc-provider's ReplayDetection: a jti it saved once cannot be saved again (invalid_grant)", async () => {
    const { db } = database();
    await migrateToLatest(db, database().dialect);
    const Adapter = kyselyAdapter({
      db,
      clock,
      masterKey: Buffer.alloc(32, 7),
      alreadyConsumed: (description) => new Error(`invalid_grant: ${description}`),
    });
    const replay = new Adapter('ReplayDetection');
    const id = randomUUID();
    // ReplayDetection.unique looks first: never found, so the save below decides.
    expect(await replay.find(id)).toBeUndefined();
    await replay.upsert(id, { iss: 'latchkey-desktop' }, 300);
    await expect(replay.upsert(id, { iss: 'latchkey-desktop' }, 300)).rejects.toThrow(
      'invalid_grant: DPoP proof JWT Replay detected',
    );
  });
});
