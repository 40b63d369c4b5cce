// The notifier (docs/notifications.md): every node ticks; the node whose
// conditional UPDATE takes the job's lease (db/job-lease.ts) judges the new
// events of every account with rules and sends the queued emails, then frees
// the lease. A node that dies mid-run leaves a lease that expires; its
// half-judged batch was rolled back and its claimed message is sent by the
// next run (at most one email per recipient may then repeat if the SMTP
// server accepted it just before the crash: at-least-once, as SMTP is).
import type { Clock } from '../clock.ts';
import { finishJobLease, takeJobLease, type JobLease } from '../db/job-lease.ts';
import type { Db } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import { judgeNewEvents } from './judge.ts';
import { sendDueMessages } from './send-queue.ts';

export const notifierJobName = 'notifications';

export interface NotifierContext {
  db: Db;
  clock: Clock;
  /** Undefined when LATCHKEY_SMTP_URL is unset: events are judged, nothing is queued or sent. */
  mailer: Mailer | undefined;
  masterKey: Buffer;
  publicUrl: string;
}

export interface NotifierRun {
  batches: number;
  sent: number;
  dropped: number;
  failed: number;
}

/** One tick on node `node`: null when another node holds the job. */
export async function runNotifier(ctx: NotifierContext, node: string): Promise<NotifierRun | null> {
  const lease: JobLease = { name: notifierJobName, holder: node, leaseMs: 5 * 60_000, everyMs: 0 };
  if (!(await takeJobLease(ctx.db, ctx.clock, lease))) return null;
  try {
    const batches = await judgeNewEvents(ctx.db, ctx.clock, ctx.mailer !== undefined);
    const sent = ctx.mailer
      ? await sendDueMessages({ ...ctx, mailer: ctx.mailer })
      : { sent: 0, dropped: 0, failed: 0 };
    return { batches, ...sent };
  } finally {
    await finishJobLease(ctx.db, ctx.clock, lease);
  }
}
