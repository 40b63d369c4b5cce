// A DPoP proof is good once (RFC 9449 §11.1): its jti is remembered in the
// database until the proof's window ends, so every service node refuses a
// proof another node has already accepted. The primary key is the check: the
// insert of a replay fails in the database itself (no read-then-write).
import { createHash } from 'node:crypto';
import type { Adapter } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import { compileOnce } from '../db/compiled-query.ts';
import type { Db } from '../db/types.ts';

/** The row's key: a SHA-256 of where the proof was used and its jti (no proof or key is stored). */
export const proofRowId = (where: string, jti: string): string =>
  createHash('sha256').update(`${where}\n${jti}`).digest('base64url');

/**
 * The jti remembered, or nothing when it already is: the unique key decides, also between
 * nodes racing for one proof. Compiled once, prepared on PostgreSQL (compiled-query.ts); no
 * failed statement for a replay (a unique violation aborts a PostgreSQL transaction).
 */
const rememberProof = compileOnce<{ id: string; expiresAt: string }, never>(['id', 'expiresAt'], (db, p) =>
  db
    .insertInto('dpop_proofs')
    .values({ id: p.id, expires_at: p.expiresAt })
    .onConflict((oc) => oc.column('id').doNothing()),
);

/** True the first time (`where`, `jti`) is presented; false for a replay. */
export async function firstUseOfProof(db: Db, where: string, jti: string, expiresAt: Date): Promise<boolean> {
  const id = proofRowId(where, jti);
  const inserted = await rememberProof(db, { id, expiresAt: expiresAt.toISOString() });
  return Number(inserted.numAffectedRows ?? 0) === 1;
}

/** Proofs whose window has ended are no longer needed to spot a replay. */
export async function sweepDpopProofs(db: Db, clock: Clock): Promise<number> {
  const now = clock.now().toISOString();
  const result = await db.deleteFrom('dpop_proofs').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * oidc-provider's ReplayDetection model (its token endpoint's DPoP jti check) finds, then saves:
 * two nodes could both find nothing. Here `find` never finds and the save is the unique insert,
 * so a replay fails the save with `replayed` (oidc-provider's invalid_grant).
 */
export function replayDetectionAdapter(
  db: Db,
  clock: Clock,
  replayed: (description: string) => Error,
): Adapter {
  const refuse = async () => {
    throw replayed('DPoP proof JWT Replay detected');
  };
  return {
    async upsert(id, _payload, expiresIn) {
      const until = new Date(clock.now().getTime() + Math.max(expiresIn ?? 0, 1) * 1000);
      if (!(await firstUseOfProof(db, 'oidc', id, until))) await refuse();
    },
    find: async () => undefined,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    consume: async () => undefined,
    destroy: async () => undefined,
    revokeByGrantId: async () => undefined,
  };
}
