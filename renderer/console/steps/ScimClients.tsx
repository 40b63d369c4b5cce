// Step 5, beside the Bearer Token: SCIM OAuth 2.0 clients (client credentials,
// RFC 6749 §4.4) for IdPs that ask for a Token URL, a Client ID and a Client
// Secret instead of a token. A secret is shown once (the service keeps only
// its hash and last 4 characters, by which the list names it); a client holds
// up to five live secrets, so one rotates without a gap: add a secret, give it
// to the IdP, then revoke the old one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { ScimClient } from '../api/types.ts';
import { Alert, Button, CopyValue, Loading, When } from '../components/bits.tsx';
import { SecretEnding } from '../components/SecretEnding.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';

/** The service's limit (backend/scim/scim-clients.ts). */
export const maxLiveSecrets = 5;

interface Shown {
  clientId: string;
  secretId: string;
  secret: string;
  fresh: boolean;
}

function ClientItem({ client, onShown }: { client: ScimClient; onShown: (s: Shown) => void }) {
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
  const live = client.secrets.filter((s) => !s.revokedAt);
  const full = live.length >= maxLiveSecrets;
  const failure = formErrorsOf(addSecret.error ?? revokeSecret.error ?? revokeClient.error, []).form;
  const limitId = `secret-limit-${client.clientId}`;
  return (
    <li className="token scim-client" aria-label={`OAuth client ${client.label}`}>
      <strong>{client.label}</strong> — created <When at={client.createdAt} />
      <CopyValue label={`Client ID of ${client.label}`} value={client.clientId} />
      <table className="data">
        <caption>
          Live secrets of {client.label}: {live.length} of at most {maxLiveSecrets}
        </caption>
        <thead>
          <tr>
            <th scope="col">Secret</th>
            <th scope="col">ID</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {live.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <SecretEnding kind="secret" lastCharacters={s.lastCharacters} />
              </th>
              <td>
                <code>{s.id}</code>
              </td>
              <td>
                <When at={s.createdAt} />
              </td>
              <td>
                <When at={s.lastUsedAt} />
              </td>
              <td>
                <Button
                  variant="danger"
                  isDisabled={revokeSecret.isPending}
                  onPress={() => revokeSecret.mutate(s.id)}
                >
                  Revoke secret {s.id}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
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

export function ScimClients() {
  const queries = useQueryClient();
  const [shown, setShown] = useState<Shown | undefined>();
  const clients = useQuery({
    queryKey: keys.scimClients,
    queryFn: () => api.get<{ tokenUrl: string; clients: ScimClient[] }>('/api/console/scim-clients'),
  });
  const create = useMutation({
    mutationFn: () =>
      api.post<{ clientId: string; clientSecret: string; secretId: string }>('/api/console/scim-clients', {}),
    onSuccess: (created) => {
      setShown({
        clientId: created.clientId,
        secretId: created.secretId,
        secret: created.clientSecret,
        fresh: true,
      });
      void queries.invalidateQueries({ queryKey: keys.scimClients });
    },
  });
  const failure = formErrorsOf(create.error, []).form;
  const live = (clients.data?.clients ?? []).filter((c) => !c.revokedAt);
  return (
    <section className="scim-clients" aria-labelledby="scim-clients-heading">
      <h3 id="scim-clients-heading">Or an OAuth client (client credentials)</h3>
      <p>
        For an IdP whose provisioning asks for a Token URL, a Client ID and a Client Secret instead of a
        Bearer Token (for example Entra ID&apos;s OAuth 2.0 client credentials grant).
      </p>
      {clients.data && <CopyValue label="Token URL" value={clients.data.tokenUrl} />}
      {shown && (
        <Alert kind="warning">
          <p>
            Copy the Client Secret now: it is shown only this once
            {shown.fresh ? '' : ' (the older secrets keep working until you revoke them)'}. In the list below
            it is secret <code>{shown.secretId}</code>.
          </p>
          <CopyValue label="Client ID" value={shown.clientId} />
          <CopyValue label="Client Secret" value={shown.secret} />
        </Alert>
      )}
      {clients.isPending ? (
        <Loading what="OAuth clients" />
      ) : clients.isError ? (
        <Alert kind="error">{clients.error.message}</Alert>
      ) : live.length === 0 ? (
        <p>No OAuth client yet.</p>
      ) : (
        <ul className="plain-list">
          {live.map((c) => (
            <ClientItem key={c.clientId} client={c} onShown={setShown} />
          ))}
        </ul>
      )}
      <div className="actions">
        <Button isDisabled={create.isPending} onPress={() => create.mutate()}>
          Create OAuth client
        </Button>
      </div>
      {failure && <Alert kind="error">{failure}</Alert>}
    </section>
  );
}
