// Notification rules per account (docs/notifications.md): read with their
// defaults (a kind never saved is off), saved by a console admin with an audit
// entry. Saving the first rule starts the account's notifier cursor at the
// newest event, so turning notifications on never mails the last 90 days.
import type { Transaction } from 'kysely';
import {
  notificationKindLabels,
  notificationKinds,
  spikeDefaults,
  type NotificationKind,
  type NotificationRule,
  type NotificationRuleInput,
} from '../../common/console-notifications.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { listConsoleAdmins } from './admins.ts';

export interface StoredRule {
  kind: NotificationKind;
  enabled: boolean;
  recipients: string[];
  spike: { threshold: number; windowMinutes: number };
  updatedAt: string | null;
}

const parseRecipients = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

/** Every kind, saved or not (unsaved = off, no recipients, the spike's defaults). */
export async function readRules(db: Db, accountId: string): Promise<Map<NotificationKind, StoredRule>> {
  const rows = await db
    .selectFrom('notification_rules')
    .selectAll()
    .where('account_id', '=', accountId)
    .execute();
  const rules = new Map<NotificationKind, StoredRule>();
  for (const kind of notificationKinds) {
    const row = rows.find((r) => r.kind === kind);
    rules.set(kind, {
      kind,
      enabled: row?.enabled === 1,
      recipients: row ? parseRecipients(row.recipients) : [],
      spike: {
        threshold: row?.spike_threshold ?? spikeDefaults.threshold,
        windowMinutes: row?.spike_window_minutes ?? spikeDefaults.windowMinutes,
      },
      updatedAt: row?.updated_at ?? null,
    });
  }
  return rules;
}

export const ruleView = (rule: StoredRule): NotificationRule => ({
  kind: rule.kind,
  label: notificationKindLabels[rule.kind],
  enabled: rule.enabled,
  recipients: rule.recipients,
  spike: rule.kind === 'refusal_spike' ? rule.spike : null,
  updatedAt: rule.updatedAt,
});

export async function saveRule(
  db: Db,
  clock: Clock,
  input: { accountId: string; kind: NotificationKind; actor: string; rule: NotificationRuleInput },
): Promise<void> {
  const { accountId, kind, actor, rule } = input;
  const admins = new Set((await listConsoleAdmins(db, accountId)).map((a) => a.userId));
  const recipients = [...new Set(rule.recipients)];
  for (const id of recipients)
    if (!admins.has(id))
      throw new ApiError(400, 'invalid_input', 'a recipient is not a console admin of this account', {
        field: 'recipients',
      });
  const now = clock.now().toISOString();
  const before = (await readRules(db, accountId)).get(kind);
  const values = {
    enabled: rule.enabled ? (1 as const) : (0 as const),
    recipients: JSON.stringify(recipients),
    spike_threshold: kind === 'refusal_spike' ? (rule.spike?.threshold ?? spikeDefaults.threshold) : null,
    spike_window_minutes:
      kind === 'refusal_spike' ? (rule.spike?.windowMinutes ?? spikeDefaults.windowMinutes) : null,
    updated_at: now,
    updated_by: actor,
  };
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto('notification_rules')
      .values({ account_id: accountId, kind, ...values })
      .onConflict((oc) => oc.columns(['account_id', 'kind']).doUpdateSet(values))
      .execute();
    await startCursor(tx, accountId);
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'notification.rule_saved',
      target: kind,
      detail: {
        enabled: rule.enabled,
        wasEnabled: before?.enabled ?? false,
        recipients: recipients.length,
        ...(kind === 'refusal_spike' && {
          threshold: values.spike_threshold,
          windowMinutes: values.spike_window_minutes,
        }),
      },
    });
  });
}

/** The notifier reads the account's events from here on (a no-op once it has a cursor). */
async function startCursor(tx: Transaction<Database>, accountId: string): Promise<void> {
  const counter = await tx
    .selectFrom('event_sequences')
    .select('last_seq')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  await tx
    .insertInto('notification_cursors')
    .values({ account_id: accountId, last_seq: Number(counter?.last_seq ?? 0) })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
}
