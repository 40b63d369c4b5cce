// "Activated" for an app invitation (issue 25 item 3): set in the activation's
// own transaction (licensing/activation-events.ts calls this before the
// activation.succeeded event), so it is exactly as durable as the activation
// and needs no reader of the outbox. The user's first success after the
// invitation sets it; later activations leave the first time as it was.
import type { Clock } from '../clock.ts';
import { compileOnce } from '../db/compiled-query.ts';
import type { Db } from '../db/types.ts';

// Written in every activation's transaction (under the account's lock): compiled once, prepared
// once per connection on PostgreSQL.
const markActivated = compileOnce<{ now: string; accountId: string; userId: string }, never>(
  ['now', 'accountId', 'userId'],
  (tx, p) => {
    // The invitation names an email; the user is known by their primary email and every email SCIM gave.
    const emails = tx
      .selectFrom('user_emails')
      .select('value as email')
      .where('user_id', '=', p.userId)
      .union(
        tx
          .selectFrom('account_users')
          .select('email')
          .where('id', '=', p.userId)
          .where('email', 'is not', null)
          .$narrowType<{ email: string }>(),
      )
      // A local user's user name is their email (key activation names the user by it).
      .union(
        tx
          .selectFrom('account_users')
          .select('user_name_key as email')
          .where('id', '=', p.userId)
          .where('user_name_key', 'is not', null)
          .$narrowType<{ email: string }>(),
      );
    return tx
      .updateTable('app_invitations')
      .set({ activated_at: p.now })
      .where('account_id', '=', p.accountId)
      .where('activated_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('email_key', 'in', emails);
  },
);

export async function markAppInvitationActivated(
  tx: Db,
  clock: Clock,
  activation: { account_id: string; user_id: string },
): Promise<void> {
  await markActivated(tx, {
    now: clock.now().toISOString(),
    accountId: activation.account_id,
    userId: activation.user_id,
  });
}
