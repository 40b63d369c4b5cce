// The download link an app invitation carries: the account's own (set in the
// console), else the service's default (LATCHKEY_APP_DOWNLOAD_URL). Without
// either, nobody is invited: an email without a way to get the app helps no one.
import { z } from 'zod';
import type { AppInvitationSettings } from '../../common/console-app-invitations.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';

export const downloadUrlInput = z
  .object({
    // null: back to the service's default.
    downloadUrl: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) link' })
      .max(2000)
      .nullable(),
  })
  .strict();

export interface InvitationServiceSettings {
  downloadUrl: string | undefined;
  emailConfigured: boolean;
}

export async function readAppInvitationSettings(
  db: Db,
  accountId: string,
  service: InvitationServiceSettings,
): Promise<AppInvitationSettings> {
  const row = await db
    .selectFrom('app_invitation_settings')
    .select('download_url')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return {
    downloadUrl: row?.download_url ?? service.downloadUrl ?? null,
    custom: row !== undefined,
    serviceDefault: service.downloadUrl ?? null,
    emailConfigured: service.emailConfigured,
  };
}

/** The link to put in an email, or a 409 that says where to set one. */
export async function requireDownloadUrl(
  db: Db,
  accountId: string,
  service: InvitationServiceSettings,
): Promise<string> {
  const { downloadUrl } = await readAppInvitationSettings(db, accountId, service);
  if (downloadUrl === null)
    throw new ApiError(
      409,
      'download_link_missing',
      'set the download link first (App invitations → Download link): the email tells people where to get Latchkey',
      { field: 'downloadUrl' },
    );
  return downloadUrl;
}

export async function setDownloadUrl(
  db: Db,
  clock: Clock,
  accountId: string,
  downloadUrl: string | null,
  actor: string,
): Promise<void> {
  const now = clock.now().toISOString();
  if (downloadUrl === null)
    await db.deleteFrom('app_invitation_settings').where('account_id', '=', accountId).execute();
  else
    await db
      .insertInto('app_invitation_settings')
      .values({ account_id: accountId, download_url: downloadUrl, updated_at: now, updated_by: actor })
      .onConflict((oc) =>
        oc
          .column('account_id')
          .doUpdateSet({ download_url: downloadUrl, updated_at: now, updated_by: actor }),
      )
      .execute();
  await writeAudit(db, clock, {
    accountId,
    actor,
    action: 'app_invitation.download_link_set',
    detail: { downloadUrl },
  });
}
