// Per-account SAML options of step 4: the attribute preset, and every SP
// option the integration view shows (signed requests, encrypted assertions,
// a required Response signature, IdP-initiated sign-in, clock skew, and the
// weak SHA-1 opt-in). Each change is validated and audited with what changed.
import { z } from 'zod';
import type { IdpConfigsTable } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import { updateConfig, type IntegrationContext } from './config-store.ts';

export const attributePresetInput = z
  .object({ preset: z.enum(['generic', 'entra', 'okta', 'ping', 'jumpcloud', 'google']) })
  .strict();

export async function setAttributePreset(
  ctx: IntegrationContext,
  accountId: string,
  preset: z.infer<typeof attributePresetInput>['preset'],
  actor: string,
): Promise<void> {
  await updateConfig(
    ctx,
    accountId,
    { attribute_preset: preset },
    { actor, action: 'integration.attribute_preset_set', detail: { preset } },
  );
}

/** The most skew accepted: past it a stolen response lives too long (saml-profiles §4.1.4.2 wants it short). */
export const maxClockSkewSeconds = 600;

export const spOptionsInput = z
  .object({
    signAuthnRequests: z.boolean(),
    encryptAssertions: z.boolean(),
    requireSignedResponse: z.boolean(),
    allowIdpInitiated: z.boolean(),
    clockSkewSeconds: z.number().int().min(0).max(maxClockSkewSeconds),
    /** Weak: RSA-SHA1 signatures and SHA-1 digests. Only for an IdP that cannot sign with SHA-256. */
    allowSha1: z.boolean(),
  })
  .partial()
  .strict();
export type SpOptionsInput = z.infer<typeof spOptionsInput>;

const flag = (b: boolean): 0 | 1 => (b ? 1 : 0);
const columns = {
  signAuthnRequests: (v: boolean) => ({ sign_authn_requests: flag(v) }),
  encryptAssertions: (v: boolean) => ({ encrypt_assertions: flag(v) }),
  requireSignedResponse: (v: boolean) => ({ require_signed_response: flag(v) }),
  allowIdpInitiated: (v: boolean) => ({ allow_idp_initiated: flag(v) }),
  clockSkewSeconds: (v: number) => ({ clock_skew_seconds: v }),
  allowSha1: (v: boolean) => ({ allow_sha1: flag(v) }),
} as const;

/** Options the console marks as weak while they are on, with why. */
export function weakOptionsOf(config: Pick<IdpConfigsTable, 'allow_sha1'>) {
  return config.allow_sha1 === 1
    ? [
        {
          option: 'allowSha1' as const,
          reason:
            'RSA-SHA1 signatures are accepted: SHA-1 collisions are practical. Switch the IdP to SHA-256.',
        },
      ]
    : [];
}

/** Sets the options given (the others stay); the SP key is created (sealed) on first use. */
export async function setSpOptions(
  ctx: IntegrationContext,
  accountId: string,
  input: SpOptionsInput,
  actor: string,
): Promise<void> {
  const changes: Partial<IdpConfigsTable> = {};
  for (const [key, value] of Object.entries(input) as [keyof SpOptionsInput, never][]) {
    if (value !== undefined) Object.assign(changes, columns[key](value));
  }
  if (Object.keys(changes).length === 0)
    throw new ApiError(400, 'invalid_input', 'give at least one option to change');
  await updateConfig(ctx, accountId, changes, {
    actor,
    action: 'integration.sp_options_set',
    detail: { ...input, ...(input.allowSha1 === true && { weak: ['allowSha1'] }) },
  });
}
