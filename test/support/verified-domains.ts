// Domains an account has verified, written directly (the DNS round trip has its own tests):
// app invitations go only to emails in them.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../backend/db/types.ts';

export async function addVerifiedDomains(db: Db, accountId: string, names: string[]): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('domains')
    .values(
      names.map((name) => ({
        id: randomUUID(),
        account_id: accountId,
        name,
        txt_token: randomUUID(),
        verified_at: now,
        last_checked_at: now,
        last_check_error: null,
        created_at: now,
      })),
    )
    .execute();
}
