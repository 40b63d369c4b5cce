// The app invitations' sender (issue 25 item 3): a background job, never the
// request that invited. Each node ticks; a tick works through the queue in
// batches. A row is claimed by one conditional UPDATE (still queued, not
// revoked, no live claim): of two nodes, exactly one changes it and sends, so
// a group of 10,000 gets 10,000 emails once. A claim lasts `claimMs`: a node
// that died mid-send leaves it to expire and another node sends. The token is
// made at the claim, so the landing link in the email is the only copy of it.
import type { Clock } from '../clock.ts';
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
}

interface Claimed {
  id: string;
  accountId: string;
  email: string;
  token: string;
}

async function claimBatch(db: Db, clock: Clock, o: Required<SenderOptions>): Promise<Claimed[]> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const candidates = await db
    .selectFrom('app_invitations')
    .select(['id', 'account_id', 'email'])
    .where('send_state', '=', 'queued')
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', nowIso)]))
    .orderBy('created_at')
    .orderBy('id')
    .limit(o.batch)
    .execute();
  const claimed: Claimed[] = [];
  for (const c of candidates) {
    const { token, tokenHash } = newAppInvitationToken();
    // The claim: the same conditions as the read, re-checked by the database on the row itself.
    const taken = await db
      .updateTable('app_invitations')
      .set({
        claim_holder: o.node,
        claim_expires_at: new Date(now.getTime() + o.claimMs).toISOString(),
        token_hash: tokenHash,
      })
      .where('id', '=', c.id)
      .where('send_state', '=', 'queued')
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', nowIso)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1)
      claimed.push({ id: c.id, accountId: c.account_id, email: c.email, token });
  }
  return claimed;
}

async function finish(db: Db, clock: Clock, id: string, node: string, failure: string | null) {
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
    .where('claim_holder', '=', node)
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
    ...options,
    downloadUrl: options.downloadUrl as string,
  };
  const accounts = new Map<string, { name: string; downloadUrl: string | null }>();
  const accountOf = async (accountId: string) => {
    const known = accounts.get(accountId);
    if (known) return known;
    const account = await db.selectFrom('accounts').select('name').where('id', '=', accountId).executeTakeFirst();
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
  while (sent + failed < o.maxPerTick) {
    const batch = await claimBatch(db, clock, o);
    if (batch.length === 0) break;
    for (const c of batch) {
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
      await finish(db, clock, c.id, o.node, failure);
      if (failure === null) sent++;
      else failed++;
    }
  }
  return { sent, failed };
}
