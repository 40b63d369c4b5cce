// The activation log's filter: email, failure code, outcome, reference and a
// time window. Search applies the draft; Clear empties both; Refresh re-asks.
import { useState } from 'react';
import { allFailureCodes } from '../../../common/failure-codes.ts';
import { Button } from '../components/bits.tsx';
import { Picker, TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import type { FormErrors } from '../lib/field-errors.ts';
import { emptyLogFilter, type LogFilter } from '../lib/log-filter.ts';

const codeChoices = [{ id: 'any', label: 'Any code' }, ...allFailureCodes.map((c) => ({ id: c, label: c }))];
const outcomeChoices = [
  { id: 'any', label: 'Any' },
  { id: 'failure', label: 'Refused' },
  { id: 'success', label: 'Accepted' },
];

export function LogFilterForm(props: {
  fieldErrors: FormErrors['fields'];
  onSearch: (filter: LogFilter) => void;
  onRefresh: () => void;
}) {
  const [draft, setDraft] = useState<LogFilter>(emptyLogFilter);
  const set = (k: keyof LogFilter) => (v: string) => setDraft({ ...draft, [k]: v });
  return (
    <ServerForm className="filters" errors={props.fieldErrors} onSubmit={() => props.onSearch(draft)}>
      <TextInput name="email" label="Email" value={draft.email} onChange={set('email')} />
      <Picker
        name="code"
        label="Failure code"
        choices={codeChoices}
        selected={draft.code || 'any'}
        onChange={(id) => setDraft({ ...draft, code: id === 'any' ? '' : id })}
      />
      <Picker
        name="outcome"
        label="Outcome"
        choices={outcomeChoices}
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
            props.onSearch(emptyLogFilter);
          }}
        >
          Clear
        </Button>
        <Button onPress={props.onRefresh}>Refresh</Button>
      </div>
    </ServerForm>
  );
}
