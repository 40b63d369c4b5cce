// Step 5's choice (issue 21 item 2): users pushed by SCIM, or created just in
// time at their first SSO sign-in — the guide calls SCIM optional, and some
// IdPs (Google Workspace's custom SAML apps) cannot push it. The trade-off:
// without SCIM nobody tells Latchkey when a user leaves or changes groups, so
// membership is the groups claim of the last sign-in and a license renews only
// within `renewWithinDays` of it (access/claim-membership.ts).
import { z } from 'zod';
import { updateConfig, type IntegrationContext } from './config-store.ts';

export const provisioningInput = z
  .object({
    mode: z.enum(['scim', 'jit']),
    /** Without SCIM: how long after the last SSO sign-in a license still renews. */
    renewWithinDays: z.number().int().min(1).max(90).optional(),
  })
  .strict();

export async function setProvisioning(
  ctx: IntegrationContext,
  accountId: string,
  input: z.infer<typeof provisioningInput>,
  actor: string,
): Promise<void> {
  await updateConfig(
    ctx,
    accountId,
    {
      provisioning: input.mode,
      ...(input.renewWithinDays !== undefined && { jit_renew_days: input.renewWithinDays }),
    },
    { actor, action: 'integration.provisioning_set', detail: input },
  );
}
