// The group a USER_NOT_IN_GROUP refusal names (issue 20 item 4): the
// desktop-users group's display name of step 3, as the group rule saw it
// (its evidence, group-rules.ts) — so the user can tell IT which group, in
// the app's "What to tell your IT team" and on the browser's page.
import type { FailureCode } from '../../common/failure-codes.ts';
import type { Db } from '../db/types.ts';

/** The group's name from a refusal's evidence; null for any other code or where step 3 named none. */
export function refusedGroup(code: FailureCode, evidence: Record<string, unknown>): string | null {
  if (code !== 'USER_NOT_IN_GROUP') return null;
  const group = evidence.desktopGroup;
  if (!group || typeof group !== 'object' || !('name' in group)) return null;
  return typeof group.name === 'string' && group.name.trim() ? group.name : null;
}

/** The same for a refusal already in the activation log (the ACS decided it, the interaction finishes it). */
export async function loggedRefusalGroup(
  db: Db,
  accountId: string,
  code: FailureCode,
  reference: number,
): Promise<string | null> {
  if (code !== 'USER_NOT_IN_GROUP') return null;
  const row = await db
    .selectFrom('activation_attempts')
    .select('evidence')
    .where('id', '=', reference)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return null;
  try {
    return refusedGroup(code, JSON.parse(row.evidence) as Record<string, unknown>);
  } catch {
    return null;
  }
}
