// Step 4 from an IdP metadata URL: fetched once when the admin gives it, then
// re-fetched on a schedule so a rolled-over certificate is picked up without
// an admin. A re-fetched document's signature (when it has one) must verify
// with the certificates already configured; a failing fetch keeps the last
// good settings and records why, for the integration view.
import { z } from 'zod';
import type { Logger } from 'pino';
import type { IdpConfigsTable } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import {
  idpCertificatesOf,
  importIdpMetadata,
  MetadataFetchError,
  checkMetadataUrl,
  fetchMetadataXml,
} from '../saml/port.ts';
import { loadConfig, type IntegrationContext } from './config-store.ts';
import { storeIdpSettings } from './idp-settings.ts';
import { endMetadataStreak, recordMetadataFailure } from './metadata-streak.ts';

export const metadataUrlInput = z.object({ url: z.string().trim().min(1).max(2048) }).strict();

const allowHttp = (ctx: IntegrationContext) => ctx.mode === 'development';

async function fetchAndImport(ctx: IntegrationContext, url: string, config?: IdpConfigsTable) {
  const xml = await fetchMetadataXml(url, allowHttp(ctx));
  const trust = config && {
    certificates: idpCertificatesOf(config.certificates),
    allowSha1: config.allow_sha1 === 1,
  };
  return importIdpMetadata(xml, ctx.clock.now(), allowHttp(ctx), trust);
}

/** The admin gives the URL: fetched now; stored only when the import is usable. */
export async function setMetadataUrl(ctx: IntegrationContext, accountId: string, url: string, actor: string) {
  try {
    checkMetadataUrl(url, allowHttp(ctx));
  } catch (err) {
    throw new ApiError(400, 'invalid_input', `url: ${(err as Error).message}`, { field: 'url' });
  }
  let imported;
  try {
    imported = await fetchAndImport(ctx, url);
  } catch (err) {
    if (err instanceof MetadataFetchError) throw new ApiError(400, 'metadata_fetch_failed', err.message);
    throw err;
  }
  const now = ctx.clock.now().toISOString();
  await storeIdpSettings(ctx, accountId, imported, actor, `metadata URL ${url}`, {
    metadata_url: url,
    metadata_fetched_at: now,
    metadata_checked_at: now,
    metadata_error: null,
  });
  await endMetadataStreak(ctx, accountId);
  return imported;
}

const fingerprints = (json: string) => idpCertificatesOf(json).map((c) => c.fingerprintSha256);

/** Re-fetches one account's metadata URL; changes are stored and audited, failures recorded. */
export async function refreshMetadata(
  ctx: IntegrationContext,
  accountId: string,
  log: Pick<Logger, 'info' | 'warn'>,
): Promise<'unchanged' | 'changed' | 'failed' | 'no-url'> {
  const config = await loadConfig(ctx.db, accountId);
  const url = config.metadata_url;
  if (!url) return 'no-url';
  const now = ctx.clock.now().toISOString();
  const record = (changes: Partial<IdpConfigsTable>) =>
    ctx.db.updateTable('idp_configs').set(changes).where('account_id', '=', accountId).execute();
  let imported;
  try {
    imported = await fetchAndImport(ctx, url, config);
  } catch (err) {
    if (!(err instanceof MetadataFetchError || err instanceof ApiError)) throw err;
    await recordMetadataFailure(ctx, accountId, url, err.message);
    log.warn(
      { accountId, url, reason: err.message },
      'IdP metadata refresh failed; the last good copy stays',
    );
    return 'failed';
  }
  const certificates = JSON.stringify(imported.certificates.map((c) => c.pem));
  const same =
    imported.entityId === config.idp_entity_id &&
    imported.ssoUrl === config.sso_url &&
    imported.ssoBinding === config.sso_binding &&
    fingerprints(certificates).join() === fingerprints(config.certificates).join();
  if (same) {
    await record({ metadata_checked_at: now, metadata_fetched_at: now, metadata_error: null });
    await endMetadataStreak(ctx, accountId);
    return 'unchanged';
  }
  await storeIdpSettings(
    ctx,
    accountId,
    imported,
    'system:metadata-refresh',
    `metadata URL ${url} (was ${fingerprints(config.certificates).join(', ') || 'none'})`,
    { metadata_checked_at: now, metadata_fetched_at: now, metadata_error: null },
    'integration.idp_metadata_refreshed',
  );
  await endMetadataStreak(ctx, accountId);
  log.info(
    { accountId, url, certificates: imported.certificates.map((c) => c.fingerprintSha256) },
    'IdP metadata changed and was applied',
  );
  return 'changed';
}

/** Every account with a metadata URL: run on a schedule by the service. */
export async function refreshAllMetadata(ctx: IntegrationContext, log: Pick<Logger, 'info' | 'warn'>) {
  const rows = await ctx.db
    .selectFrom('idp_configs')
    .select('account_id')
    .where('metadata_url', 'is not', null)
    .execute();
  const counts = { unchanged: 0, changed: 0, failed: 0, 'no-url': 0 };
  for (const row of rows) counts[await refreshMetadata(ctx, row.account_id, log)] += 1;
  return counts;
}
