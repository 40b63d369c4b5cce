// Step 5, beside the Bearer Token: SCIM OAuth 2.0 clients (client credentials,
// RFC 6749 §4.4) for IdPs that ask for a Token URL, a Client ID and a Client
// Secret instead of a token. A secret is shown once (the service keeps only
// its hash and last 4 characters, by which the list names it); a client holds
// up to five live secrets, so one rotates without a gap: add a secret, give it
// to the IdP, then revoke the old one.
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { ScimClient } from '../api/types.ts';
import { Alert, Button, CopyValue, Loading } from '../components/bits.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import type { ShownSecret } from './scim-client-secret.ts';
import { ScimClientItem } from './ScimClientItem.tsx';

type ClientList = { tokenUrl: string; clients: ScimClient[] };

function SecretShownOnce({ shown }: { shown: ShownSecret }) {
  return (
    <Alert kind="warning">
      <p>
        Copy the Client Secret now: it is shown only this once
        {shown.fresh ? '' : ' (the older secrets keep working until you revoke them)'}. In the list below it
        is secret <code>{shown.secretId}</code>.
      </p>
      <CopyValue label="Client ID" value={shown.clientId} />
      <CopyValue label="Client Secret" value={shown.secret} />
    </Alert>
  );
}

function LiveClients(props: { clients: UseQueryResult<ClientList>; onShown: (s: ShownSecret) => void }) {
  const { clients } = props;
  const live = (clients.data?.clients ?? []).filter((c) => !c.revokedAt);
  if (clients.isPending) return <Loading what="OAuth clients" />;
  if (clients.isError) return <Alert kind="error">{clients.error.message}</Alert>;
  if (live.length === 0) return <p>No OAuth client yet.</p>;
  return (
    <ul className="plain-list">
      {live.map((c) => (
        <ScimClientItem key={c.clientId} client={c} onShown={props.onShown} />
      ))}
    </ul>
  );
}

export function ScimClients() {
  const queries = useQueryClient();
  const [shown, setShown] = useState<ShownSecret | undefined>();
  const clients = useQuery({
    queryKey: keys.scimClients,
    queryFn: () => api.get<ClientList>('/api/console/scim-clients'),
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
  return (
    <section className="scim-clients" aria-labelledby="scim-clients-heading">
      <h3 id="scim-clients-heading">Or an OAuth client (client credentials)</h3>
      <p>
        For an IdP whose provisioning asks for a Token URL, a Client ID and a Client Secret instead of a
        Bearer Token (for example Entra ID&apos;s OAuth 2.0 client credentials grant).
      </p>
      {clients.data && <CopyValue label="Token URL" value={clients.data.tokenUrl} />}
      {shown && <SecretShownOnce shown={shown} />}
      <LiveClients clients={clients} onShown={setShown} />
      <div className="actions">
        <Button isDisabled={create.isPending} onPress={() => create.mutate()}>
          Create OAuth client
        </Button>
      </div>
      {failure && <Alert kind="error">{failure}</Alert>}
    </section>
  );
}
