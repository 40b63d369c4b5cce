// Step 4's IdP settings: typed in (entity ID, SSO URL, certificates) or
// imported from the IdP's metadata XML; stored only when all of it is valid.
import { z } from 'zod';
import type { IdpConfigsTable, SsoBinding } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import {
  importIdpMetadata,
  maxMetadataBytes,
  type ImportedIdpMetadata,
  checkCertificate,
  type CertificateInfo,
} from '../saml/port.ts';
import { updateConfig, type IntegrationContext } from './config-store.ts';

export const idpSettingsInput = z
  .object({
    entityId: z.string().trim().min(1).max(1024),
    ssoUrl: z.string().trim().min(1).max(2048),
    certificates: z.array(z.string().max(20_000)).min(1).max(2),
    /**
     * Development only (QA): judge the certificates as of this past instant, so a
     * certificate that has expired since can be stored and SAML_CERT_EXPIRED reproduced.
     */
    asOf: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

function validationTime(ctx: IntegrationContext, asOf: string | undefined): Date {
  if (asOf === undefined) return ctx.clock.now();
  if (ctx.mode !== 'development')
    throw new ApiError(400, 'invalid_input', 'asOf: only a development service accepts it', {
      field: 'asOf',
    });
  const at = new Date(asOf);
  if (at > ctx.clock.now())
    throw new ApiError(400, 'invalid_input', 'asOf: must be in the past', { field: 'asOf' });
  return at;
}

function checkSsoUrl(raw: string, mode: IntegrationContext['mode']): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError(400, 'invalid_input', 'ssoUrl: not a URL', { field: 'ssoUrl' });
  }
  const allowed = mode === 'development' ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol)) {
    throw new ApiError(400, 'invalid_input', 'ssoUrl: must be an https:// URL', { field: 'ssoUrl' });
  }
  return url.toString();
}

export async function setIdpSettings(
  ctx: IntegrationContext,
  accountId: string,
  input: z.infer<typeof idpSettingsInput>,
  actor: string,
): Promise<void> {
  const ssoUrl = checkSsoUrl(input.ssoUrl, ctx.mode);
  const now = validationTime(ctx, input.asOf);
  const certs = input.certificates.map((raw, i) => {
    const check = checkCertificate(raw, now);
    if (!check.ok) {
      const field = `certificates.${i}`;
      throw new ApiError(400, 'invalid_certificate', `${field}: the certificate ${check.reason}`, { field });
    }
    return check.cert;
  });
  await storeIdpSettings(
    ctx,
    accountId,
    { entityId: input.entityId, ssoUrl, ssoBinding: 'redirect', certificates: certs },
    actor,
    input.asOf ? `form, certificates judged as of ${input.asOf}` : 'form',
    noMetadataUrl,
  );
}

// Settings typed in or uploaded replace what a metadata URL would bring: the URL is no longer followed.
const noMetadataUrl = {
  metadata_url: null,
  metadata_fetched_at: null,
  metadata_checked_at: null,
  metadata_error: null,
};

export const idpMetadataInput = z.object({ xml: z.string().min(1).max(maxMetadataBytes) }).strict();

/** Step 4 from the IdP's metadata XML: stored only when the whole import is usable. */
export async function importIdpSettings(
  ctx: IntegrationContext,
  accountId: string,
  xml: string,
  actor: string,
): Promise<ImportedIdpMetadata> {
  const imported = importIdpMetadata(xml, ctx.clock.now(), ctx.mode === 'development');
  await storeIdpSettings(ctx, accountId, imported, actor, 'metadata', noMetadataUrl);
  return imported;
}

export async function storeIdpSettings(
  ctx: IntegrationContext,
  accountId: string,
  idp: { entityId: string; ssoUrl: string; ssoBinding: SsoBinding; certificates: CertificateInfo[] },
  actor: string,
  source: string,
  extra: Partial<Omit<IdpConfigsTable, 'account_id'>> = {},
  action = 'integration.idp_set',
): Promise<void> {
  await updateConfig(
    ctx,
    accountId,
    {
      ...extra,
      idp_entity_id: idp.entityId,
      sso_url: idp.ssoUrl,
      sso_binding: idp.ssoBinding,
      certificates: JSON.stringify(idp.certificates.map((c) => c.pem)),
    },
    {
      actor,
      action,
      detail: {
        source,
        entityId: idp.entityId,
        ssoUrl: idp.ssoUrl,
        ssoBinding: idp.ssoBinding,
        certificates: idp.certificates.map((c) => c.fingerprintSha256),
      },
    },
  );
}
