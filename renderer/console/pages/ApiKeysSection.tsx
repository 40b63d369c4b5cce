// Business Profile → API keys (issue 24 item 3): keys for the events API
// (docs/events.md), made here and shown once (the service keeps a hash and the
// last 4 characters, by which the list names a key), revocable at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiKey, CreatedApiKey } from '../../../common/api-keys.ts';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { Alert, Button, CopyValue, Loading, When } from '../components/bits.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

const apiKeysKey = () => [...keys.workspace, 'api-keys'] as const;

function KeyItem({ apiKey: k, onRevoke, busy }: { apiKey: ApiKey; onRevoke: () => void; busy: boolean }) {
  return (
    <li className="token" aria-label={`API key ${k.label} …${k.lastCharacters}`}>
      <strong>{k.label}</strong> <code className="secret-ending">lkk_…{k.lastCharacters}</code> (
      {k.scopes.join(', ')}) — created <When at={k.createdAt} />, last used <When at={k.lastUsedAt} />
      <div className="actions">
        <ConfirmButton
          label="Revoke"
          title={`Revoke the API key ${k.label} (…${k.lastCharacters})?`}
          confirmLabel="Revoke"
          isDisabled={busy}
          onConfirm={onRevoke}
        >
          <p>A SIEM or script using this key is refused from now on.</p>
        </ConfirmButton>
      </div>
    </li>
  );
}

export function ApiKeysSection() {
  const client = useQueryClient();
  const [label, setLabel] = useState('');
  const [shown, setShown] = useState<CreatedApiKey | undefined>();
  const list = useQuery({
    queryKey: apiKeysKey(),
    queryFn: () => api.get<{ keys: ApiKey[] }>('/api/console/api-keys'),
  });
  const changed = () => void client.invalidateQueries({ queryKey: apiKeysKey() });
  const create = useMutation({
    mutationFn: () => api.post<CreatedApiKey>('/api/console/api-keys', { label, scopes: ['events:read'] }),
    onSuccess: (created) => {
      setShown(created);
      setLabel('');
      changed();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/console/api-keys/${id}`),
    onSuccess: changed,
  });
  const errors = useFormErrors(create.error, ['label']);
  const live = list.data?.keys.filter((k) => k.revokedAt === null) ?? [];
  return (
    <section className="card" aria-labelledby="api-keys">
      <h2 id="api-keys">API keys</h2>
      <p>
        A key lets a SIEM or a script read this account&apos;s events (activations, refusals, provisioning)
        from <code>GET /api/v1/events</code>.
      </p>
      {shown && (
        <Alert kind="warning">
          <p>
            Copy the key now: it is shown only this once. Afterwards the list shows only its last characters:{' '}
            <code className="secret-ending">lkk_…{shown.lastCharacters}</code>.
          </p>
          <CopyValue label={`API key ${shown.label}`} value={shown.key} />
        </Alert>
      )}
      {list.isPending ? (
        <Loading what="API keys" />
      ) : list.isError ? (
        <Alert kind="error">{list.error.message}</Alert>
      ) : live.length === 0 ? (
        <p>No API key yet.</p>
      ) : (
        <ul className="plain-list">
          {live.map((k) => (
            <KeyItem key={k.id} apiKey={k} busy={revoke.isPending} onRevoke={() => revoke.mutate(k.id)} />
          ))}
        </ul>
      )}
      <ServerForm errors={errors.fields} onSubmit={() => create.mutate()} className="inline-form">
        <TextInput
          name="label"
          label="Key name"
          description="What the key is for, e.g. Splunk. It can read events (events:read)."
          value={label}
          onChange={(v) => {
            create.reset();
            setLabel(v);
          }}
          isRequired
          autoComplete="off"
        />
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" isDisabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create API key'}
        </Button>
      </ServerForm>
    </section>
  );
}
