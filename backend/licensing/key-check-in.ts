// A key-activated device's check-in with its caller found in the same
// statement: the activation secret (api-caller.ts's key path) and the check-in
// read together — on PostgreSQL with the renewal too (check-in-statement.ts),
// on SQLite the read only (the renewal follows, check-in.ts: SQLite has no
// UPDATE in a CTE). Anything else — an access token, a secret no activation
// has, another activation's secret — goes the usual way, whose answers (401,
// 403, the refusal in the activation log) stay the only ones.
import type { LicensingContext } from './activations.ts';
import { checkInTimes } from './check-in.ts';
import { compileOnce } from '../db/compiled-query.ts';
import { selectCheckInRow, type HeldRow } from './check-in-read.ts';
import { readAndRenewBySecret, renewsInOneStatement, type KeyCheckIn } from './check-in-statement.ts';
import { activationSecretPrefix, hashSecret } from './key-activation.ts';

/**
 * SQLite: the path's activation read only when the secret is its own — the
 * conditions of the caller lookup (key-activation.ts activationForSecret: its
 * hash, a key activation) on the row the check-in reads. Compiled once.
 */
const readBySecret = compileOnce<{ id: string; secretHash: string; now: string }, HeldRow>(
  ['id', 'secretHash', 'now'],
  (db, p) =>
    selectCheckInRow(db, p.now)
      .where('a.id', '=', p.id)
      .where('a.secret_hash', '=', p.secretHash)
      .where('a.via', '=', 'key'),
);

/** `id` is the path's, already checked by the route's schema (check-in-route-schema.ts). */
export async function keyCheckInInOneStatement(
  ctx: LicensingContext,
  authorization: string | undefined,
  id: string,
): Promise<KeyCheckIn | undefined> {
  // As api-caller.ts reads it: "Bearer <secret>" (or "DPoP <secret>", RFC 9449 §7.1).
  const secret = /^(?:Bearer|DPoP)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!secret?.startsWith(activationSecretPrefix)) return undefined;
  const secretHash = hashSecret(secret);
  const times = checkInTimes(ctx);
  if (renewsInOneStatement(ctx.db)) return readAndRenewBySecret(ctx.db, { id, secretHash, ...times });
  const found = (await readBySecret(ctx.db, { id, secretHash, now: times.now })).rows[0];
  if (!found) return undefined;
  return {
    caller: { activationId: found.id, userId: found.user_id, accountId: found.account_id },
    read: { activationId: id, found, renewed: undefined },
  };
}
