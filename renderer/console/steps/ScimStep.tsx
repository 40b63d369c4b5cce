// Step 5: SCIM or users created at their first sign-in (ProvisioningChoice);
// with SCIM, the SCIM Base URL and a Bearer Token shown once (the service keeps
// only its hash and last 4 characters, by which the list names it), create /
// revoke, rotation as a guided two-step (ScimRotation); beside it, OAuth clients with rotating secrets; when the
// last SCIM call came and what it did; the tick.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { keys, useIntegrationChange, useScimTokens } from '../api/queries.ts';
import type { AuditEntry, Integration } from '../api/types.ts';
import { Alert, CopyValue, When } from '../components/bits.tsx';
import { Tick } from '../components/fields.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import { idpDoneLabel } from '../lib/steps.ts';
import { ProvisioningChoice } from './ProvisioningChoice.tsx';
import { ScimClients } from './ScimClients.tsx';
import { ScimRotation } from './ScimRotation.tsx';
import { TokenList, TokenShownOnce } from './ScimTokenList.tsx';
import { useScimTokenActions } from './use-scim-token-actions.ts';

function LastScimCall() {
  const audit = useQuery({
    queryKey: keys.audit,
    queryFn: () => api.get<{ entries: AuditEntry[] }>('/api/console/audit?limit=500'),
  });
  const last = audit.data?.entries.find((e) => e.actor.startsWith('scim-token:'));
  return (
    <p>
      Last SCIM change:{' '}
      {last ? (
        <>
          <When at={last.at} /> — {last.action}
          {last.target ? ` (${last.target})` : ''}
        </>
      ) : (
        'none yet.'
      )}
    </p>
  );
}

export function ScimStep({ integration }: { integration: Integration }) {
  if (integration.scim.provisioning === 'jit') return <ProvisioningChoice integration={integration} />;
  return (
    <div>
      <ProvisioningChoice integration={integration} />
      <ScimSetup integration={integration} />
    </div>
  );
}

function ScimSetup({ integration }: { integration: Integration }) {
  const tokens = useScimTokens();
  const actions = useScimTokenActions();
  const { shown, create, revoke } = actions;
  const tick = useIntegrationChange((value: boolean) =>
    api.put<Integration>('/api/console/integration/steps/scim', { done: value }),
  );
  const failure = formErrorsOf(create.error ?? revoke.error ?? tick.error, []).form;
  const live = (tokens.data?.tokens ?? []).filter((t) => !t.revokedAt);
  const ticked = !integration.steps.find((s) => s.key === 'scim')?.missing.some((m) => m.startsWith('tick'));
  return (
    <div>
      <p>
        In your IdP&apos;s provisioning settings, enter the SCIM Base URL and the Bearer Token, then assign
        the groups of step 3 so their users are pushed to Latchkey.
      </p>
      <CopyValue label="SCIM Base URL" value={integration.sp.scimBaseUrl} />
      {shown && <TokenShownOnce shown={shown} />}
      <TokenList pending={tokens.isPending} live={live} actions={actions} />
      {!tokens.isPending && <ScimRotation live={live} actions={actions} />}
      <ScimClients />
      <LastScimCall />
      {failure && <Alert kind="error">{failure}</Alert>}
      <Tick label={idpDoneLabel} isSelected={ticked} onChange={(v) => tick.mutate(v)} />
    </div>
  );
}
