// A license's sublicenses (a share of the seats for a group): the seats each
// group uses, and the form that gives a group its share.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { DirectoryGroup, License, LicenseUsage, Sublicense } from '../api/types.ts';
import { Alert, Button, Loading, When } from '../components/bits.tsx';
import { Picker, TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

function SublicenseTable({ subs, usage }: { subs: Sublicense[]; usage: LicenseUsage | undefined }) {
  const used = (id: string) => usage?.sublicenses.find((s) => s.id === id)?.seatsUsed ?? 0;
  return (
    <table className="data">
      <caption>Seats given to groups</caption>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Seats used / total</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {subs.map((s) => (
          <tr key={s.id}>
            <th scope="row">{s.groupName}</th>
            <td>
              {used(s.id)} / {s.seats}
            </td>
            <td>
              <When at={s.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NewSublicenseForm({ license }: { license: License }) {
  const client = useQueryClient();
  const groups = useQuery({
    queryKey: keys.groups,
    queryFn: async () =>
      (await api.get<{ groups: DirectoryGroup[] }>('/api/console/directory/groups')).groups,
  });
  const [groupId, setGroupId] = useState<string | null>(null);
  const [seats, setSeats] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api.post(`/api/console/licenses/${license.id}/sublicenses`, {
        groupId,
        seats: /^\d+$/.test(seats.trim()) ? Number(seats) : seats,
      }),
    onSuccess: () => {
      setSeats('');
      setGroupId(null);
      void client.invalidateQueries({ queryKey: keys.sublicenses(license.id) });
    },
  });
  const errors = useFormErrors(create.error, ['groupId', 'seats']);
  return (
    <ServerForm errors={errors.fields} onSubmit={() => create.mutate()} className="inline-form">
      <Picker
        name="groupId"
        label="Group"
        choices={(groups.data ?? []).map((g) => ({ id: g.id, label: `${g.name} (${g.members} members)` }))}
        selected={groupId}
        onChange={setGroupId}
      />
      <TextInput name="seats" label="Seats" value={seats} onChange={setSeats} />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      <Button type="submit" isDisabled={create.isPending}>
        Create sublicense
      </Button>
    </ServerForm>
  );
}

export function Sublicenses({ license, usage }: { license: License; usage: LicenseUsage | undefined }) {
  const subs = useQuery({
    queryKey: keys.sublicenses(license.id),
    queryFn: async () =>
      (await api.get<{ sublicenses: Sublicense[] }>(`/api/console/licenses/${license.id}/sublicenses`))
        .sublicenses,
  });
  return (
    <section aria-label={`Sublicenses of ${license.key}`}>
      <h3>Sublicenses</h3>
      {subs.isPending ? (
        <Loading what="sublicenses" />
      ) : (subs.data ?? []).length === 0 ? (
        <p>No sublicenses: every seat is in the license&apos;s shared pool.</p>
      ) : (
        <SublicenseTable subs={subs.data ?? []} usage={usage} />
      )}
      <NewSublicenseForm license={license} />
    </section>
  );
}
