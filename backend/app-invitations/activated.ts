// "Activated" for an app invitation (issue 25 item 3): set in the activation's
// own transaction (licensing/activation-events.ts calls this before the
// activation.succeeded event), so it is exactly as durable as the activation
// and needs no reader of the outbox. The user's first success after the
// invitation sets it; later activations leave the first time as it was.
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

export async function markAppInvitationActivated(
  tx: Db,
  clock: Clock,
  activation: { account_id: string; user_id: string },
): Promise<void> {
  const now = clock.now().toISOString();
  // The invitation names an email; the user is known by their primary email and every email SCIM gave.
  const emails = tx
    .selectFrom('user_emails')
    .select('value as email')
    .where('user_id', '=', activation.user_id)
    .union(
      tx
        .selectFrom('account_users')
        .select('email')
        .where('id', '=', activation.user_id)
        .where('email', 'is not', null)
        .$narrowType<{ email: string }>(),
    )
    // A local user's user name is their email (key activation names the user by it).
    .union(
      tx
        .selectFrom('account_users')
        .select('user_name_key as email')
        .where('id', '=', activation.user_id)
        .where('user_name_key', 'is not', null)
        .$narrowType<{ email: string }>(),
    );
  await tx
    .updateTable('app_invitations')
    .set({ activated_at: now })
    .where('account_id', '=', activation.account_id)
    .where('activated_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('email_key', 'in', emails)
    .execute();
}
