// Audit log: who changed what, when — from the console, SCIM and the CLI;
// filtered by who, action and time, a page at a time, exported as CSV.
import { useState } from 'react';
import { keys } from '../api/queries.ts';
import type { AuditEntry } from '../api/types.ts';
import { Alert, Button, Loading, When } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ExportCsv, LoadMore, useCursorList } from '../components/ListPaging.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { auditFilterQuery, emptyAuditFilter, type AuditFilter } from '../lib/audit-filter.ts';
import type { FormErrors } from '../lib/field-errors.ts';

function actorText(actor: string): string {
  if (actor.startsWith('user:')) return actor.slice('user:'.length);
  if (actor.startsWith('scim-token:'))
    return `SCIM (token ${actor.slice('scim-token:'.length, 'scim-token:'.length + 8)}…)`;
  return actor;
}

function AuditFilterForm(props: { fieldErrors: FormErrors['fields']; onSearch: (f: AuditFilter) => void }) {
  const [draft, setDraft] = useState<AuditFilter>(emptyAuditFilter);
  const set = (k: keyof AuditFilter) => (v: string) => setDraft({ ...draft, [k]: v });
  return (
    <ServerForm className="filters" errors={props.fieldErrors} onSubmit={() => props.onSearch(draft)}>
      <TextInput
        name="actor"
        label="Who"
        value={draft.actor}
        onChange={set('actor')}
        description="As recorded: cli, or user: and an email"
      />
      <TextInput
        name="action"
        label="Action"
        value={draft.action}
        onChange={set('action')}
        description="For example activation.revoked"
      />
      <TextInput name="from" label="From" type="datetime-local" value={draft.from} onChange={set('from')} />
      <TextInput name="to" label="To" type="datetime-local" value={draft.to} onChange={set('to')} />
      <div className="actions">
        <Button type="submit" variant="primary">
          Filter
        </Button>
        <Button
          onPress={() => {
            setDraft(emptyAuditFilter);
            props.onSearch(emptyAuditFilter);
          }}
        >
          Clear
        </Button>
      </div>
    </ServerForm>
  );
}

export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>(emptyAuditFilter);
  const query = auditFilterQuery(filter);
  const { query: audit, items: entries } = useCursorList<AuditEntry>(
    [...keys.auditPages, query],
    `/api/console/audit?${query}`,
    'entries',
  );
  const errors = useFormErrors(audit.error, ['actor', 'action', 'from', 'to']);
  return (
    <>
      <PageHeading>Audit log</PageHeading>
      <AuditFilterForm fieldErrors={errors.fields} onSearch={setFilter} />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      {audit.isPending ? (
        <Loading what="the audit log" />
      ) : audit.isError ? null : (
        <table className="data audit">
          <caption>Who changed what, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <When at={e.at} />
                </td>
                <td>{actorText(e.actor)}</td>
                <td>{e.action}</td>
                <td>{e.target ?? '—'}</td>
                <td>
                  <code>{Object.keys(e.detail).length ? JSON.stringify(e.detail) : '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore
        hasMore={audit.hasNextPage}
        loading={audit.isFetchingNextPage}
        onMore={() => void audit.fetchNextPage()}
        what="entries"
        shown={entries.length}
      />
      <ExportCsv path={`/api/console/export/audit.csv?${query}`} what="audit entries" />
    </>
  );
}
