// Step 5: SCIM or users created at their first sign-in (ProvisioningChoice);
// with SCIM, the SCIM Base URL and a Bearer Token shown once (the service keeps
// only its hash and last 4 characters, by which the list names it), create /
// rotate / revoke; beside it, OAuth clients with rotating secrets; when the
// last SCIM call came and what it did; the tick.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys, useIntegrationChange, useRefreshIntegration, useScimTokens } from '../api/queries.ts';
import type { AuditEntry, Integration, ScimToken } from '../api/types.ts';
import { Alert, Button, CopyValue, Loading, When } from '../components/bits.tsx';
import { Tick } from '../components/fields.tsx';
import { SecretEnding } from '../components/SecretEnding.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import { idpDoneLabel } from '../lib/steps.ts';
import { ProvisioningChoice } from './ProvisioningChoice.tsx';
import { ScimClients } from './ScimClients.tsx';

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
  const client = useQueryClient();
  const refresh = useRefreshIntegration();
  const [shown, setShown] = useState<(ScimToken & { token: string }) | undefined>();
  const changed = () => {
    void client.invalidateQueries({ queryKey: keys.scimTokens });
    void refresh();
  };
  const create = useMutation({
    mutationFn: async (replacing?: string) => {
      const created = await api.post<ScimToken & { token: string }>('/api/console/scim-tokens', {});
      if (replacing) await api.delete(`/api/console/scim-tokens/${replacing}`);
      return created;
    },
    onSuccess: (created) => {
      setShown(created);
      changed();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/console/scim-tokens/${id}`),
    onSuccess: changed,
  });
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
      {shown && (
        <Alert kind="warning">
          <p>
            Copy the Bearer Token now: it is shown only this once. Afterwards the list below shows only its
            last characters: <SecretEnding kind="token" lastCharacters={shown.lastCharacters} />.
          </p>
          <CopyValue label="Bearer Token" value={shown.token} />
        </Alert>
      )}
      {tokens.isPending ? (
        <Loading what="tokens" />
      ) : live.length === 0 ? (
        <p>No Bearer Token yet.</p>
      ) : (
        <ul className="plain-list">
          {live.map((t) => (
            <li key={t.id} className="token">
              <strong>{t.label}</strong> <SecretEnding kind="token" lastCharacters={t.lastCharacters} /> —
              created <When at={t.createdAt} />, last used <When at={t.lastUsedAt} />
              <div className="actions">
                <Button isDisabled={create.isPending} onPress={() => create.mutate(t.id)}>
                  Rotate
                </Button>
                <Button variant="danger" isDisabled={revoke.isPending} onPress={() => revoke.mutate(t.id)}>
                  Revoke
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="description">
        Rotate makes a new token and revokes this one: paste the new one into the IdP.
      </p>
      <div className="actions">
        <Button variant="primary" isDisabled={create.isPending} onPress={() => create.mutate(undefined)}>
          Create Bearer Token
        </Button>
      </div>
      <ScimClients />
      <LastScimCall />
      {failure && <Alert kind="error">{failure}</Alert>}
      <Tick label={idpDoneLabel} isSelected={ticked} onChange={(v) => tick.mutate(v)} />
    </div>
  );
}
