// Using an unsubscribe link (RFC 8058): the rule stops emailing that one
// recipient; every other recipient and rule is untouched. Messages of the rule
// still queued for them are dropped. An audit entry says who turned what off.
import {
  notificationKindLabels,
  notificationKinds,
  type NotificationKind,
} from '../../common/console-notifications.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { hashUnsubscribeToken } from './unsubscribe-token.ts';

export interface UnsubscribeTarget {
  accountName: string;
  ruleLabel: string;
  email: string;
}

interface Found extends UnsubscribeTarget {
  accountId: string;
  kind: NotificationKind;
  userId: string;
}

/** What the link turns off; null for a link that is not one of ours. */
export async function findUnsubscribeTarget(db: Db, token: string): Promise<Found | null> {
  const row = await db
    .selectFrom('notification_unsubscribe_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .innerJoin('account_users as u', 'u.id', 't.user_id')
    .select(['t.account_id', 't.kind', 't.user_id', 'a.name', 'u.email', 'u.user_name'])
    .where('t.token_hash', '=', hashUnsubscribeToken(token))
    .executeTakeFirst();
  const kind = row?.kind as NotificationKind | undefined;
  if (!row || !kind || !notificationKinds.includes(kind)) return null;
  return {
    accountId: row.account_id,
    kind,
    userId: row.user_id,
    accountName: row.name,
    ruleLabel: notificationKindLabels[kind],
    email: row.email ?? row.user_name,
  };
}

/** Takes the recipient off the rule. Using the link again changes nothing and says the same. */
export async function unsubscribe(db: Db, clock: Clock, token: string): Promise<UnsubscribeTarget | null> {
  const target = await findUnsubscribeTarget(db, token);
  if (!target) return null;
  await inTransaction(db, async (tx) => {
    const rule = await tx
      .selectFrom('notification_rules')
      .select('recipients')
      .where('account_id', '=', target.accountId)
      .where('kind', '=', target.kind)
      .executeTakeFirst();
    const recipients = rule ? (JSON.parse(rule.recipients) as string[]) : [];
    const now = clock.now().toISOString();
    await tx
      .updateTable('notification_messages')
      .set({ settled_at: now, outcome: 'dropped', claimed_until: null })
      .where('account_id', '=', target.accountId)
      .where('kind', '=', target.kind)
      .where('user_id', '=', target.userId)
      .where('settled_at', 'is', null)
      .execute();
    if (!recipients.includes(target.userId)) return;
    await tx
      .updateTable('notification_rules')
      .set({
        recipients: JSON.stringify(recipients.filter((id) => id !== target.userId)),
        updated_at: now,
        updated_by: `user:${target.email}`,
      })
      .where('account_id', '=', target.accountId)
      .where('kind', '=', target.kind)
      .execute();
    await writeAudit(tx, clock, {
      accountId: target.accountId,
      actor: `user:${target.email}`,
      action: 'notification.unsubscribed',
      target: target.kind,
      detail: { via: 'unsubscribe link' },
    });
  });
  return { accountName: target.accountName, ruleLabel: target.ruleLabel, email: target.email };
}
