// The app invitations' sender (issue 25 item 3): a background job, never the
// request that invited. Each node ticks; a tick works through the queue in
// batches. A row is claimed by one conditional UPDATE (still queued, not
// revoked, no live claim): of two nodes, exactly one changes it and sends, so
// a group of 10,000 gets 10,000 emails once. A claim lasts `claimMs`: a node
// that died mid-send leaves it to expire and another node sends. The token is
// made at the claim, so the landing link in the email is the only copy of it.
import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import { invitationEmail, smtpFailureInWords } from './email.ts';
import { landingPageUrl, newAppInvitationToken } from './links.ts';
import { readAppInvitationSettings } from './settings.ts';

export interface SenderOptions {
  publicUrl: string;
  /** The service's default download link (LATCHKEY_APP_DOWNLOAD_URL). */
  downloadUrl: string | undefined;
  /** This node's id (what the claim names). */
  node: string;
  batch?: number;
  /** How long a claim holds before another node may take the row (well above the mailer's timeouts). */
  claimMs?: number;
  /** Stop after this many rows in one tick, so a tick ends and the next one starts fresh. */
  maxPerTick?: number;
  /** Messages in flight at once. */
  parallel?: number;
}

interface Claimed {
  id: string;
  accountId: string;
  email: string;
  token: string;
}

async function claimBatch(
  db: Db,
  clock: Clock,
  o: Required<SenderOptions>,
  claim: string,
): Promise<Claimed[]> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const waiting = (eb: ExpressionBuilder<Database, 'app_invitations'>) =>
    eb.and([
      eb('send_state', '=', 'queued'),
      eb('revoked_at', 'is', null),
      eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', nowIso)]),
    ]);
  // One UPDATE claims the batch: its conditions are checked again on each row as it is changed
  // (PostgreSQL re-reads a row another node changed meanwhile; SQLite writes one at a time), so a
  // row claimed by the other node is skipped, never claimed twice.
  const claimed = await db
    .updateTable('app_invitations')
    .set({ claim_holder: claim, claim_expires_at: new Date(now.getTime() + o.claimMs).toISOString() })
    .where(waiting)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('app_invitations')
        .select('id')
        .where(waiting)
        .orderBy('created_at')
        .orderBy('id')
        .limit(o.batch),
    )
    .returning(['id', 'account_id', 'email'])
    .execute();
  const batch: Claimed[] = [];
  for (const c of claimed) {
    // The token is made here, per row: the email is the only place it is written down.
    const { token, tokenHash } = newAppInvitationToken();
    await db
      .updateTable('app_invitations')
      .set({ token_hash: tokenHash })
      .where('id', '=', c.id)
      .where('claim_holder', '=', claim)
      .execute();
    batch.push({ id: c.id, accountId: c.account_id, email: c.email, token });
  }
  return batch;
}

async function finish(db: Db, clock: Clock, id: string, claim: string, failure: string | null) {
  const now = clock.now().toISOString();
  await db
    .updateTable('app_invitations')
    .set({
      send_state: failure === null ? 'sent' : 'failed',
      ...(failure === null ? { sent_at: now } : {}),
      failure,
      claim_holder: null,
      claim_expires_at: null,
    })
    .where('id', '=', id)
    // Only the holder ends its claim (a revoke or resend meanwhile changed send_state: that stands).
    .where('claim_holder', '=', claim)
    .where('send_state', '=', 'queued')
    .execute();
}

/** One tick: sends what is queued, batch by batch. Returns how many were sent and failed. */
export async function sendQueuedAppInvitations(
  db: Db,
  clock: Clock,
  mailer: Mailer,
  options: SenderOptions,
): Promise<{ sent: number; failed: number }> {
  const o: Required<SenderOptions> = {
    batch: 50,
    claimMs: 5 * 60_000,
    maxPerTick: 2000,
    parallel: 5,
    ...options,
    downloadUrl: options.downloadUrl as string,
  };
  const accounts = new Map<string, { name: string; downloadUrl: string | null }>();
  const accountOf = async (accountId: string) => {
    const known = accounts.get(accountId);
    if (known) return known;
    const account = await db
      .selectFrom('accounts')
      .select('name')
      .where('id', '=', accountId)
      .executeTakeFirst();
    const settings = await readAppInvitationSettings(db, accountId, {
      downloadUrl: options.downloadUrl,
      emailConfigured: true,
    });
    const found = { name: account?.name ?? 'Your company', downloadUrl: settings.downloadUrl };
    accounts.set(accountId, found);
    return found;
  };
  let sent = 0;
  let failed = 0;
  const sendOne = async (c: Claimed, claim: string) => {
    const account = await accountOf(c.accountId);
    let failure: string | null = null;
    try {
      if (account.downloadUrl === null) throw new Error('no download link is set for this account');
      await mailer.send(
        invitationEmail({
          to: c.email,
          accountName: account.name,
          downloadUrl: account.downloadUrl,
          activateUrl: landingPageUrl(o.publicUrl, c.token),
        }),
      );
    } catch (err) {
      failure = smtpFailureInWords(err);
    }
    await finish(db, clock, c.id, claim, failure);
    if (failure === null) sent++;
    else failed++;
  };
  while (sent + failed < o.maxPerTick) {
    // A claim id per batch: only this batch's holder may finish its rows.
    const claim = `${o.node}:${randomUUID().slice(0, 8)}`;
    const batch = await claimBatch(db, clock, o, claim);
    if (batch.length === 0) break;
    // A few SMTP conversations at once (each message its own connection): not one at a time.
    for (let i = 0; i < batch.length; i += o.parallel)
      await Promise.all(batch.slice(i, i + o.parallel).map((c) => sendOne(c, claim)));
  }
  return { sent, failed };
}
