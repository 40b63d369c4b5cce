// Opening an invitation's landing page: find it by the token's hash, record the
// first time it was opened, and say what the page shows.
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { appActivateLink, appInvitationToken, hashAppInvitationToken } from './links.ts';
import { readAppInvitationSettings } from './settings.ts';
import type { LandingFields } from './landing-page.ts';

export type Landing = { kind: 'not_found' } | { kind: 'revoked' } | ({ kind: 'open' } & LandingFields);

export async function openAppInvitation(
  db: Db,
  clock: Clock,
  token: string,
  serviceDownloadUrl: string | undefined,
): Promise<Landing> {
  if (!appInvitationToken.safeParse(token).success) return { kind: 'not_found' };
  const row = await db
    .selectFrom('app_invitations as i')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .select(['i.id', 'i.account_id', 'i.email', 'i.revoked_at', 'a.name'])
    .where('i.token_hash', '=', hashAppInvitationToken(token))
    .executeTakeFirst();
  if (!row) return { kind: 'not_found' };
  if (row.revoked_at) return { kind: 'revoked' };
  // "Opened": the first time only (a later visit keeps the first time).
  await db
    .updateTable('app_invitations')
    .set({ opened_at: clock.now().toISOString() })
    .where('id', '=', row.id)
    .where('opened_at', 'is', null)
    .execute();
  const settings = await readAppInvitationSettings(db, row.account_id, {
    downloadUrl: serviceDownloadUrl,
    emailConfigured: false,
  });
  return {
    kind: 'open',
    accountName: row.name,
    email: row.email,
    appLink: appActivateLink(row.email, row.id),
    downloadUrl: settings.downloadUrl,
  };
}
