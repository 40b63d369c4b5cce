// Reclamation (issue 23 item 2): devices silent past their license's policy
// are released, and their seats go back to the pool. The preview and the run
// read the same candidates (same rule, same cut-off), so "37 devices of 29
// users would be released" is what a run at that moment releases. Each release
// is one conditional UPDATE — still unrevoked, still silent past the cut-off
// at the moment of the write — so a device that checks in during a run is
// kept and no device is released twice, however many runs overlap.
import { sql, type ExpressionBuilder } from 'kysely';
import type { ReclamationDevice, ReclamationPreview, ReclamationRun } from '../../common/console-api.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { cutoffFor, silentDays } from './reclamation-rules.ts';

/** The devices listed in a preview or a run's answer; the counts are always exact. */
export const reclamationListLimit = 100;
/** Candidates read per round trip during a run. */
const batchSize = 500;

export interface ReclamationScope {
  /** One account (the console, the CLI); omitted: every account with a policy (the scheduled job). */
  accountId?: string;
  /** One license of it. */
  licenseId?: string;
  /** Preview only: days not saved yet, for `licenseId` (its saved policy otherwise). */
  silentDays?: number;
}

interface Rule {
  licenseId: string;
  accountId: string;
  days: number;
  cutoff: string;
}

/** The policies in scope, each with its cut-off at `now`. */
async function rulesIn(db: Db, now: Date, scope: ReclamationScope): Promise<Rule[]> {
  if (scope.silentDays !== undefined && scope.licenseId && scope.accountId) {
    const { licenseId, accountId, silentDays: days } = scope;
    return [{ licenseId, accountId, days, cutoff: cutoffFor(now, days) }];
  }
  let q = db.selectFrom('reclamation_policies').select(['license_id', 'account_id', 'silent_days']);
  if (scope.accountId) q = q.where('account_id', '=', scope.accountId);
  if (scope.licenseId) q = q.where('license_id', '=', scope.licenseId);
  const rows = await q.orderBy('license_id').execute();
  return rows.map((r) => ({
    licenseId: r.license_id,
    accountId: r.account_id,
    days: r.silent_days,
    cutoff: cutoffFor(now, r.silent_days),
  }));
}

type ActivationRef = ExpressionBuilder<Database & { a: Database['activations'] }, 'a'>;

/** Unrevoked activations of a rule's license silent since before its cut-off (activations_silent_idx). */
const silentUnder = (rules: Rule[]) => (eb: ActivationRef) =>
  eb.or(
    rules.map((r) =>
      eb.and([
        eb('a.license_id', '=', r.licenseId),
        eb('a.account_id', '=', r.accountId),
        eb('a.revoked_at', 'is', null),
        eb('a.last_checkin_at', '<', r.cutoff),
      ]),
    ),
  );

const deviceColumns = [
  'a.id',
  'a.license_id',
  'a.user_id',
  'a.device_name',
  'a.os',
  'a.last_checkin_at',
  'u.email',
] as const;

function deviceOf(
  r: {
    id: string;
    license_id: string;
    user_id: string;
    device_name: string;
    os: string;
    last_checkin_at: string;
    email: string | null;
  },
  at: string,
): ReclamationDevice {
  return {
    activationId: r.id,
    licenseId: r.license_id,
    userId: r.user_id,
    email: r.email,
    deviceName: r.device_name,
    os: r.os,
    lastCheckInAt: r.last_checkin_at,
    silentDays: silentDays(r.last_checkin_at, at),
  };
}

/** What a run would release now: exact device and user counts, the longest silent first. */
export async function previewReclamation(
  db: Db,
  clock: Clock,
  scope: ReclamationScope,
): Promise<ReclamationPreview> {
  const now = clock.now();
  const asOf = now.toISOString();
  const rules = await rulesIn(db, now, scope);
  if (!rules.length) return { asOf, devices: 0, users: 0, list: [], listLimit: reclamationListLimit };
  const counts = await db
    .selectFrom('activations as a')
    .select((eb) => [
      eb.fn.countAll<string | number>().as('devices'),
      sql<string | number>`count(distinct ${sql.ref('a.user_id')})`.as('users'),
    ])
    .where(silentUnder(rules))
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('activations as a')
    .innerJoin('account_users as u', 'u.id', 'a.user_id')
    .select(deviceColumns)
    .where(silentUnder(rules))
    .orderBy('a.last_checkin_at')
    .orderBy('a.id')
    .limit(reclamationListLimit)
    .execute();
  return {
    asOf,
    devices: Number(counts.devices),
    users: Number(counts.users),
    list: rows.map((r) => deviceOf(r, asOf)),
    listLimit: reclamationListLimit,
  };
}

export interface RunOptions {
  /** Who runs it, for the audit log: `user:<email>`, `cli`, `system`. */
  actor: string;
  /** The node that ran it (the scheduled job's lease holder), for the audit log. */
  node?: string;
  /**
   * Called once after a batch of candidates is read and before any of them is released: the
   * moment a device's check-in must win (a test checks a device in here, over HTTP).
   */
  beforeRelease?: (candidates: readonly string[]) => Promise<void>;
  /** Asked before each batch (the scheduled job renews its lease here): false stops the run. */
  keepGoing?: () => Promise<boolean>;
}

/** Releases the silent devices in scope now; each release audited, each decided by its own UPDATE. */
export async function runReclamation(
  db: Db,
  clock: Clock,
  scope: ReclamationScope,
  options: RunOptions,
): Promise<ReclamationRun> {
  const now = clock.now();
  const ranAt = now.toISOString();
  const rules = await rulesIn(db, now, { ...scope, silentDays: undefined });
  const released: ReclamationDevice[] = [];
  const users = new Set<string>();
  let count = 0;
  let kept = 0;
  const outcome = (): ReclamationRun => ({
    ranAt,
    released: count,
    users: users.size,
    kept,
    list: released,
    listLimit: reclamationListLimit,
  });
  for (const rule of rules) {
    let after: { at: string; id: string } | undefined;
    for (;;) {
      if (options.keepGoing && !(await options.keepGoing())) return outcome();
      let q = db
        .selectFrom('activations as a')
        .innerJoin('account_users as u', 'u.id', 'a.user_id')
        .select(deviceColumns)
        .where(silentUnder([rule]));
      // Keyset on (last_checkin_at, id): a kept device never comes round again.
      if (after) {
        const { at, id } = after;
        q = q.where((eb) =>
          eb.or([
            eb('a.last_checkin_at', '>', at),
            eb.and([eb('a.last_checkin_at', '=', at), eb('a.id', '>', id)]),
          ]),
        );
      }
      const batch = await q.orderBy('a.last_checkin_at').orderBy('a.id').limit(batchSize).execute();
      if (!batch.length) break;
      await options.beforeRelease?.(batch.map((c) => c.id));
      for (const candidate of batch) {
        if (await releaseOne(db, clock, rule, candidate, ranAt, options)) {
          count++;
          users.add(candidate.user_id);
          if (released.length < reclamationListLimit) released.push(deviceOf(candidate, ranAt));
        } else kept++;
      }
      const last = batch[batch.length - 1];
      if (!last || batch.length < batchSize) break;
      after = { at: last.last_checkin_at, id: last.id };
    }
  }
  return outcome();
}

/** One device: released only if still unrevoked and still silent past the cut-off; audited with it. */
async function releaseOne(
  db: Db,
  clock: Clock,
  rule: Rule,
  candidate: { id: string; user_id: string; device_name: string; last_checkin_at: string },
  ranAt: string,
  options: RunOptions,
): Promise<boolean> {
  const days = silentDays(candidate.last_checkin_at, ranAt);
  return inTransaction(db, async (tx) => {
    const done = await tx
      .updateTable('activations')
      .set({
        revoked_at: ranAt,
        revoked_code: 'DEVICE_RECLAIMED',
        revoked_reason: `released after ${days} days without use (policy: ${rule.days} days)`,
      })
      .where('id', '=', candidate.id)
      .where('revoked_at', 'is', null)
      .where('last_checkin_at', '<', rule.cutoff)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) return false;
    await writeAudit(tx, clock, {
      accountId: rule.accountId,
      actor: options.actor,
      action: 'activation.reclaimed',
      target: candidate.id,
      detail: {
        licenseId: rule.licenseId,
        userId: candidate.user_id,
        deviceName: candidate.device_name,
        lastCheckInAt: candidate.last_checkin_at,
        silentDays: days,
        policyDays: rule.days,
        ...(options.node && { node: options.node }),
      },
    });
    return true;
  });
}
