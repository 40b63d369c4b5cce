// Per-account SAML options of step 4: the attribute preset, and the SP's
// options (signed requests, encrypted assertions, signed Response, IdP-initiated, skew).
import { z } from 'zod';
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

export const spOptionsInput = z
  .object({ signAuthnRequests: z.boolean(), encryptAssertions: z.boolean() })
  .strict();

/** Signed AuthnRequests and encrypted assertions: the SP key is created (sealed) on first use. */
export async function setSpOptions(
  ctx: IntegrationContext,
  accountId: string,
  input: z.infer<typeof spOptionsInput>,
  actor: string,
): Promise<void> {
  await updateConfig(
    ctx,
    accountId,
    {
      sign_authn_requests: input.signAuthnRequests ? 1 : 0,
      encrypt_assertions: input.encryptAssertions ? 1 : 0,
    },
    { actor, action: 'integration.sp_options_set', detail: input },
  );
}
