// The Usage page's filter: license, sublicense, group, idle for at least N
// days, and search. Apply sends the draft; Clear empties both.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { DirectoryGroup, UsageSummary } from '../api/types.ts';
import { Button } from '../components/bits.tsx';
import { Picker, TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import type { FormErrors } from '../lib/field-errors.ts';
import { emptyUsageFilter, type UsageFilter } from '../lib/usage-filter.ts';

export const usageFilterFields = ['license', 'sublicense', 'group', 'idleFor', 'q'] as const;

const any = (label: string) => ({ id: 'any', label });

export function UsageFilterForm(props: {
  summary: UsageSummary | undefined;
  fieldErrors: FormErrors['fields'];
  onApply: (filter: UsageFilter) => void;
}) {
  const [draft, setDraft] = useState<UsageFilter>(emptyUsageFilter);
  const groups = useQuery({
    queryKey: keys.groups,
    queryFn: async () =>
      (await api.get<{ groups: DirectoryGroup[] }>('/api/console/directory/groups')).groups,
  });
  const licenses = props.summary?.licenses ?? [];
  const pick = (k: keyof UsageFilter) => (id: string) => setDraft({ ...draft, [k]: id === 'any' ? '' : id });
  return (
    <ServerForm className="filters" errors={props.fieldErrors} onSubmit={() => props.onApply(draft)}>
      <Picker
        name="license"
        label="License"
        choices={[
          any('Any license'),
          ...licenses.map((l) => ({
            id: l.id,
            label: `${l.edition} (${l.seats} seats) ${l.id.slice(0, 8)}`,
          })),
        ]}
        selected={draft.license || 'any'}
        onChange={pick('license')}
      />
      <Picker
        name="sublicense"
        label="Sublicense"
        choices={[
          any('Any sublicense'),
          ...licenses.flatMap((l) =>
            l.sublicenses.map((s) => ({ id: s.id, label: `${s.group} (${l.edition})` })),
          ),
        ]}
        selected={draft.sublicense || 'any'}
        onChange={pick('sublicense')}
      />
      <Picker
        name="group"
        label="Group"
        choices={[any('Any group'), ...(groups.data ?? []).map((g) => ({ id: g.id, label: g.name }))]}
        selected={draft.group || 'any'}
        onChange={pick('group')}
      />
      <TextInput
        name="idleFor"
        label="Idle for at least (days)"
        description="Empty: every device. A number: only devices silent that long, longest silent first."
        value={draft.idleFor}
        onChange={(v) => setDraft({ ...draft, idleFor: v })}
      />
      <TextInput
        name="q"
        label="Search users"
        type="search"
        description="The start of a user name, email or display name (not the middle of a word)"
        value={draft.q}
        onChange={(v) => setDraft({ ...draft, q: v })}
      />
      <div className="actions">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button
          onPress={() => {
            setDraft(emptyUsageFilter);
            props.onApply(emptyUsageFilter);
          }}
        >
          Clear
        </Button>
      </div>
    </ServerForm>
  );
}
