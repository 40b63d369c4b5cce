// Activation log: every attempt, filtered by email, code, outcome, reference
// and time; each with its stage, code, the remedy for the admin from the
// catalog, and its decoded, redacted evidence; the reference number the user
// was shown is the attempt's number.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Disclosure, DisclosurePanel, Heading, Button as AriaButton } from 'react-aria-components';
import { allFailureCodes, describeFailure, isFailureCode } from '../../../common/failure-codes.ts';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Attempt } from '../api/types.ts';
import { Alert, Button, Loading, When } from '../components/bits.tsx';
import { Picker, TextInput } from '../components/fields.tsx';
import { NameValueTable } from '../components/name-value-table.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { evidenceRows } from '../lib/evidence.ts';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { attemptCount, emptyLogFilter, logFilterQuery, type LogFilter } from '../lib/log-filter.ts';

const stageText: Record<string, string> = {
  discovery: 'Home realm discovery',
  acs: 'SAML response (ACS)',
  entitlement: 'Entitlement',
  activation: 'Activation',
  'check-in': 'Check-in',
  deactivation: 'Deactivation',
};

function AttemptItem({ attempt }: { attempt: Attempt }) {
  const info = attempt.code && isFailureCode(attempt.code) ? describeFailure(attempt.code) : undefined;
  const rows = evidenceRows(attempt.evidence);
  const ok = attempt.outcome === 'success';
  return (
    <Disclosure className={`attempt ${ok ? 'ok' : 'failed'}`} data-reference={attempt.id}>
      <Heading level={2} className="attempt-heading">
        <AriaButton slot="trigger" className="attempt-trigger">
          <span className="ref">ref:{attempt.id}</span>
          <span>{attempt.email ?? '(no email)'}</span>
          <span>{stageText[attempt.stage] ?? attempt.stage}</span>
          <span className={`badge ${ok ? 'green' : 'danger'}`}>{ok ? 'Accepted' : attempt.code}</span>
          <When at={attempt.at} />
        </AriaButton>
      </Heading>
      <DisclosurePanel className="attempt-panel">
        <dl className="facts">
          <dt>Reference</dt>
          <dd>
            {attempt.code ?? 'OK'} ref:{attempt.id}
          </dd>
          <dt>Our clock at the attempt</dt>
          <dd>
            <code>{attempt.at}</code> (compare notBefore / notOnOrAfter below)
          </dd>
          <dt>Stage</dt>
          <dd>{stageText[attempt.stage] ?? attempt.stage}</dd>
          {info && (
            <>
              <dt>What the user was told</dt>
              <dd>{info.userMessage}</dd>
              <dt>Remedy</dt>
              <dd>{info.adminRemedy}</dd>
            </>
          )}
        </dl>
        <NameValueTable caption="Evidence (secrets redacted)" rows={rows} />
      </DisclosurePanel>
    </Disclosure>
  );
}

export function ActivationLogPage() {
  const [draft, setDraft] = useState<LogFilter>(emptyLogFilter);
  const [filter, setFilter] = useState<LogFilter>(emptyLogFilter);
  const query = logFilterQuery(filter);
  const attempts = useQuery({
    queryKey: keys.attempts(query),
    queryFn: async () => (await api.get<{ attempts: Attempt[] }>(`/api/console/attempts?${query}`)).attempts,
  });
  const set = (k: keyof LogFilter) => (v: string) => setDraft({ ...draft, [k]: v });
  const errors = useFormErrors(attempts.error, ['email', 'code', 'reference', 'from', 'to']);
  return (
    <>
      <PageHeading>Activation log</PageHeading>
      <p>
        Every sign-in and activation attempt, accepted or refused. Search by the reference a user reads you
        from their screen (for example <code>USER_NOT_IN_GROUP ref:42</code>).
      </p>
      <ServerForm
        className="filters"
        errors={errors.fields}
        onSubmit={() => {
          setFilter(draft);
        }}
      >
        <TextInput name="email" label="Email" value={draft.email} onChange={set('email')} />
        <Picker
          name="code"
          label="Failure code"
          choices={[{ id: 'any', label: 'Any code' }, ...allFailureCodes.map((c) => ({ id: c, label: c }))]}
          selected={draft.code || 'any'}
          onChange={(id) => setDraft({ ...draft, code: id === 'any' ? '' : id })}
        />
        <Picker
          name="outcome"
          label="Outcome"
          choices={[
            { id: 'any', label: 'Any' },
            { id: 'failure', label: 'Refused' },
            { id: 'success', label: 'Accepted' },
          ]}
          selected={draft.outcome || 'any'}
          onChange={(id) => setDraft({ ...draft, outcome: id === 'any' ? '' : (id as LogFilter['outcome']) })}
        />
        <TextInput name="reference" label="Reference" value={draft.reference} onChange={set('reference')} />
        <TextInput name="from" label="From" type="datetime-local" value={draft.from} onChange={set('from')} />
        <TextInput name="to" label="To" type="datetime-local" value={draft.to} onChange={set('to')} />
        <div className="actions">
          <Button type="submit" variant="primary">
            Search
          </Button>
          <Button
            onPress={() => {
              setDraft(emptyLogFilter);
              setFilter(emptyLogFilter);
            }}
          >
            Clear
          </Button>
          <Button onPress={() => void attempts.refetch()}>Refresh</Button>
        </div>
      </ServerForm>
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      {attempts.isPending ? (
        <Loading what="the activation log" />
      ) : attempts.isError ? null : (
        // On a refused filter the error says why; the last search's list is not shown as its answer.
        <section aria-label="Attempts" className="attempts">
          <p role="status">{attemptCount(attempts.data.length)}</p>
          {attempts.data.map((a) => (
            <AttemptItem key={a.id} attempt={a} />
          ))}
        </section>
      )}
    </>
  );
}
