// One SCIM OAuth client: its Client ID, its live secrets, and the buttons to
// add a secret (up to the limit, so one rotates without a gap), revoke a
// secret or revoke the client.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { ScimClient } from '../api/types.ts';
import { Alert, Button, CopyValue, When } from '../components/bits.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import { maxLiveSecrets, type ShownSecret } from './scim-client-secret.ts';
import { ScimClientSecrets } from './ScimClientSecrets.tsx';

/** Add a secret, revoke a secret, revoke the client; each refreshes the list. */
function useClientActions(client: ScimClient, onShown: (s: ShownSecret) => void) {
  const queries = useQueryClient();
  const changed = () => void queries.invalidateQueries({ queryKey: keys.scimClients });
  const base = `/api/console/scim-clients/${encodeURIComponent(client.clientId)}`;
  const addSecret = useMutation({
    mutationFn: () => api.post<{ secretId: string; clientSecret: string }>(`${base}/secrets`),
    onSuccess: (added) => {
      onShown({
        clientId: client.clientId,
        secretId: added.secretId,
        secret: added.clientSecret,
        fresh: false,
      });
      changed();
    },
  });
  const revokeSecret = useMutation({
    mutationFn: (secretId: string) => api.delete(`${base}/secrets/${encodeURIComponent(secretId)}`),
    onSuccess: changed,
  });
  const revokeClient = useMutation({ mutationFn: () => api.delete(base), onSuccess: changed });
  const failure = formErrorsOf(addSecret.error ?? revokeSecret.error ?? revokeClient.error, []).form;
  return { addSecret, revokeSecret, revokeClient, failure };
}

export function ScimClientItem({
  client,
  onShown,
}: {
  client: ScimClient;
  onShown: (s: ShownSecret) => void;
}) {
  const { addSecret, revokeSecret, revokeClient, failure } = useClientActions(client, onShown);
  const live = client.secrets.filter((s) => !s.revokedAt);
  const full = live.length >= maxLiveSecrets;
  const limitId = `secret-limit-${client.clientId}`;
  return (
    <li className="token scim-client" aria-label={`OAuth client ${client.label}`}>
      <strong>{client.label}</strong> — created <When at={client.createdAt} />
      <CopyValue label={`Client ID of ${client.label}`} value={client.clientId} />
      <ScimClientSecrets
        client={client}
        live={live}
        revoking={revokeSecret.isPending}
        onRevoke={(secretId) => revokeSecret.mutate(secretId)}
      />
      <p className="description" id={limitId}>
        {full
          ? `${maxLiveSecrets} secrets are live, the most a client holds: revoke one before adding another.`
          : 'To rotate: add a secret, enter it in the IdP, then revoke the old one.'}
      </p>
      <div className="actions">
        <Button
          isDisabled={full || addSecret.isPending}
          aria-describedby={limitId}
          onPress={() => addSecret.mutate()}
        >
          Add secret to {client.label}
        </Button>
        <Button variant="danger" isDisabled={revokeClient.isPending} onPress={() => revokeClient.mutate()}>
          Revoke client {client.label}
        </Button>
      </div>
      {failure && <Alert kind="error">{failure}</Alert>}
    </li>
  );
}
