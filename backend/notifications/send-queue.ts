// Sending the queued notification emails (notification_messages). Each
// message is claimed by a conditional UPDATE before it is sent, so two nodes
// never send one message at once; it is settled once the SMTP server accepted
// it. While SMTP is down a message waits and is retried with a growing delay
// (1, 5, 15, 60 minutes, then hourly) for 3 days. A message whose rule was
// turned off or whose recipient unsubscribed or left before it went out is
// dropped, not sent.
import type { Selectable } from 'kysely';
import { notificationKinds, type NotificationKind } from '../../common/console-notifications.ts';
import type { Clock } from '../clock.ts';
import type { NotificationMessagesTable } from '../db/notification-tables.ts';
import type { Db } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import { listConsoleAdmins } from './admins.ts';
import type { Fact } from './facts.ts';
import { renderNotification } from './render.ts';
import { readRules } from './rules.ts';
import { unsubscribeUrl } from './unsubscribe-token.ts';

export interface SendContext {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  masterKey: Buffer;
  publicUrl: string;
}

const retryMinutes = [1, 5, 15, 60];
const giveUpMs = 3 * 86_400_000;
const claimMs = 2 * 60_000;

export const retryDelayMs = (attempts: number): number =>
  (retryMinutes[Math.min(attempts, retryMinutes.length) - 1] ?? 60) * 60_000;

type Message = Selectable<NotificationMessagesTable>;

async function claim(db: Db, clock: Clock, id: string): Promise<boolean> {
  const now = clock.now();
  const claimed = await db
    .updateTable('notification_messages')
    .set({ claimed_until: new Date(now.getTime() + claimMs).toISOString() })
    .where('id', '=', id)
    .where('settled_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now.toISOString())]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

const settle = (db: Db, clock: Clock, id: string, outcome: 'sent' | 'dropped' | 'gave_up', error?: string) =>
  db
    .updateTable('notification_messages')
    .set({ settled_at: clock.now().toISOString(), outcome, claimed_until: null, last_error: error ?? null })
    .where('id', '=', id)
    .execute();

/** Who gets it now: null when the rule is off, or the recipient was taken off it or is no admin any more. */
async function recipientNow(db: Db, message: Message): Promise<string | null> {
  const kind = message.kind as NotificationKind;
  if (!notificationKinds.includes(kind)) return null;
  const rule = (await readRules(db, message.account_id)).get(kind);
  if (!rule?.enabled || !rule.recipients.includes(message.user_id)) return null;
  const admin = (await listConsoleAdmins(db, message.account_id)).find((a) => a.userId === message.user_id);
  return admin?.email ?? null;
}

type Outcome = 'sent' | 'dropped' | 'failed';

/** Sends one claimed message; `failed` when SMTP failed (the message is retried later). */
async function sendOne(ctx: SendContext, message: Message): Promise<Outcome> {
  const { db, clock } = ctx;
  const email = await recipientNow(db, message);
  if (email === null) {
    await settle(db, clock, message.id, 'dropped');
    return 'dropped';
  }
  const account = await db
    .selectFrom('accounts')
    .select('name')
    .where('id', '=', message.account_id)
    .executeTakeFirst();
  const fact = JSON.parse(message.fact) as Fact;
  const target = { accountId: message.account_id, kind: fact.kind, userId: message.user_id };
  const unsubscribe = await unsubscribeUrl(db, clock, ctx.masterKey, ctx.publicUrl, target);
  const rendered = renderNotification(fact, {
    accountId: message.account_id,
    accountName: account?.name ?? 'your business account',
    publicUrl: ctx.publicUrl,
    recipientEmail: email,
    unsubscribeUrl: unsubscribe,
  });
  try {
    await ctx.mailer.send({
      to: email,
      ...rendered,
      headers: {
        // RFC 2369 and RFC 8058 §3.1: one-click unsubscribe by POST to the same link.
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  } catch (err) {
    const attempts = message.attempts + 1;
    const now = clock.now().getTime();
    const error = err instanceof Error ? err.message.slice(0, 300) : 'SMTP failed';
    if (now - Date.parse(message.created_at) >= giveUpMs) {
      await settle(db, clock, message.id, 'gave_up', error);
      return 'failed';
    }
    await db
      .updateTable('notification_messages')
      .set({
        attempts,
        next_attempt_at: new Date(now + retryDelayMs(attempts)).toISOString(),
        claimed_until: null,
        last_error: error,
      })
      .where('id', '=', message.id)
      .execute();
    return 'failed';
  }
  await settle(db, clock, message.id, 'sent');
  return 'sent';
}

/** Sends what is due. Stops at the first SMTP failure: the rest waits for the next run. */
export async function sendDueMessages(
  ctx: SendContext,
  limit = 100,
): Promise<{ sent: number; dropped: number; failed: number }> {
  const nowIso = ctx.clock.now().toISOString();
  const due = await ctx.db
    .selectFrom('notification_messages')
    .selectAll()
    .where('settled_at', 'is', null)
    .where('next_attempt_at', '<=', nowIso)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  const counts = { sent: 0, dropped: 0, failed: 0 };
  for (const message of due) {
    if (!(await claim(ctx.db, ctx.clock, message.id))) continue;
    const outcome = await sendOne(ctx, message);
    counts[outcome]++;
    if (outcome === 'failed') break;
  }
  return counts;
}
