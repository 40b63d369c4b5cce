// Step 1: add and remove domains; each shows the exact TXT record to publish
// (with copy buttons), Verify, and the last result with its reason and time.
// A domain another account has also added says so (the first to verify keeps
// it), and a claim lost to another account's verification stays listed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys, useDomains, useRefreshIntegration } from '../api/queries.ts';
import type { Domain, LostDomainClaim } from '../api/types.ts';
import { Alert, Button, CopyValue, Loading, StateBadge, When } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { formErrorsOf } from '../lib/field-errors.ts';

function DomainRow({ domain }: { domain: Domain }) {
  const client = useQueryClient();
  const refresh = useRefreshIntegration();
  const done = () => {
    void client.invalidateQueries({ queryKey: keys.domains });
    void refresh();
  };
  const verify = useMutation({
    mutationFn: () => api.post(`/api/console/domains/${domain.id}/verify`),
    onSettled: done,
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/console/domains/${domain.id}`),
    onSuccess: done,
  });
  const failure = formErrorsOf(verify.error ?? remove.error, []).form;
  return (
    <li className="domain" aria-label={domain.domain}>
      <div className="row-head">
        <strong>{domain.domain}</strong>
        <StateBadge green={domain.verified} labels={['Verified', 'Not verified']} />
      </div>
      {domain.claimedElsewhere && (
        <Alert kind="warning">
          <p>
            Another account has added this domain; the first to verify it keeps it. Publish the TXT record
            below and press Verify to keep {domain.domain}.
          </p>
        </Alert>
      )}
      <p>Publish this TXT record at your DNS provider, then press Verify:</p>
      <CopyValue label={`TXT record name for ${domain.domain}`} value={domain.record.host} />
      <CopyValue label={`TXT record value for ${domain.domain}`} value={domain.record.value} />
      <p className="last-check" role="status">
        {domain.lastCheckedAt ? (
          <>
            Last checked <When at={domain.lastCheckedAt} />:{' '}
            {domain.lastCheckError ? `not verified — ${domain.lastCheckError}` : 'the record is in place.'}
          </>
        ) : (
          'Not checked yet.'
        )}
      </p>
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="actions">
        <Button variant="primary" isDisabled={verify.isPending} onPress={() => verify.mutate()}>
          {verify.isPending ? 'Verifying…' : `Verify ${domain.domain}`}
        </Button>
        <Button variant="danger" isDisabled={remove.isPending} onPress={() => remove.mutate()}>
          Remove {domain.domain}
        </Button>
      </div>
    </li>
  );
}

/** Claims this account lost: another account verified the domain first (the row itself is gone). */
function LostClaims() {
  const lost = useQuery({
    queryKey: [...keys.domains, 'lost-claims'],
    queryFn: async () =>
      (await api.get<{ lostClaims: LostDomainClaim[] }>('/api/console/domains')).lostClaims,
  });
  if (!lost.data || lost.data.length === 0) return null;
  return (
    <ul className="plain-list">
      {lost.data.map((c) => (
        <li key={c.domain} className="domain" aria-label={`${c.domain} (claim lost)`}>
          <div className="row-head">
            <strong>{c.domain}</strong>
            <StateBadge green={false} labels={['', 'Claim lost']} />
          </div>
          <Alert kind="warning">
            <p>
              Another account verified {c.domain} first (<When at={c.lostAt} />
              ), so this account&apos;s claim was removed. If the domain is yours, contact support.
            </p>
          </Alert>
        </li>
      ))}
    </ul>
  );
}

export function DomainsStep() {
  const domains = useDomains();
  const client = useQueryClient();
  const refresh = useRefreshIntegration();
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: () => api.post<Domain>('/api/console/domains', { domain: name }),
    onSuccess: () => {
      setName('');
      void client.invalidateQueries({ queryKey: keys.domains });
      void refresh();
    },
  });
  const errors = useFormErrors(add.error, ['domain']);
  return (
    <div>
      <p>
        Add every email domain your people sign in with (the part after the @). We verify that you own each
        one by a DNS TXT record; we re-check it daily, and a removed record turns the domain unverified again.
      </p>
      {domains.isPending ? (
        <Loading what="domains" />
      ) : (
        <ul className="plain-list">
          {(domains.data ?? []).map((d) => (
            <DomainRow key={d.id} domain={d} />
          ))}
        </ul>
      )}
      <LostClaims />
      <ServerForm
        errors={errors.fields}
        onSubmit={() => {
          add.mutate();
        }}
        className="inline-form"
      >
        <TextInput
          name="domain"
          label="Domain"
          placeholder="example.com"
          value={name}
          onChange={setName}
          isRequired
        />
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        <Button type="submit" isDisabled={add.isPending}>
          Add domain
        </Button>
      </ServerForm>
    </div>
  );
}
