// Housekeeping for SAML state: answered or expired AuthnRequest IDs and
// replay-cache entries past their assertion's lifetime are deleted.
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

export async function sweepSamlState(db: Db, clock: Clock): Promise<{ requests: number; replay: number }> {
  const now = clock.now().toISOString();
  const requests = await db.deleteFrom('saml_requests').where('expires_at', '<=', now).executeTakeFirst();
  // A replay entry must outlive its assertion: only then can the same ID not be accepted again.
  const replay = await db.deleteFrom('saml_replay').where('expires_at', '<=', now).executeTakeFirst();
  return { requests: Number(requests.numDeletedRows), replay: Number(replay.numDeletedRows) };
}
