// The unsubscribe link of one rule for one recipient (RFC 8058). Its token is
// derived from the master key (HMAC), so the link can be written into each
// email without storing the token: only its SHA-256 is kept, to find the rule
// and recipient when the link is used. Each email carries only its own
// recipient's link.
import { createHash, createHmac } from 'node:crypto';
import type { NotificationKind } from '../../common/console-notifications.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

export const hashUnsubscribeToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

export function unsubscribeToken(
  masterKey: Buffer,
  target: { accountId: string; kind: NotificationKind; userId: string },
): string {
  return createHmac('sha256', masterKey)
    .update(`latchkey notification unsubscribe\n${target.accountId}\n${target.kind}\n${target.userId}`)
    .digest('base64url');
}

/** The recipient's link for the rule; its hash is recorded so the link works. */
export async function unsubscribeUrl(
  db: Db,
  clock: Clock,
  masterKey: Buffer,
  publicUrl: string,
  target: { accountId: string; kind: NotificationKind; userId: string },
): Promise<string> {
  const token = unsubscribeToken(masterKey, target);
  await db
    .insertInto('notification_unsubscribe_tokens')
    .values({
      token_hash: hashUnsubscribeToken(token),
      account_id: target.accountId,
      kind: target.kind,
      user_id: target.userId,
      created_at: clock.now().toISOString(),
    })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute();
  return `${publicUrl}/notifications/unsubscribe?token=${token}`;
}
