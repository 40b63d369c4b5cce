// Licenses: key, edition, seats used / total, device limit, expiry;
// sublicenses (a share of the seats for a group): create, assign, seats;
// the devices activated on each license.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { DirectoryGroup, License, LicenseUsage, Sublicense } from '../api/types.ts';
import { Alert, Button, CopyValue, Loading, When } from '../components/bits.tsx';
import { Picker, TextInput } from '../components/fields.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

function Sublicenses({ license, usage }: { license: License; usage: LicenseUsage | undefined }) {
  const client = useQueryClient();
  const subs = useQuery({
    queryKey: keys.sublicenses(license.id),
    queryFn: async () =>
      (await api.get<{ sublicenses: Sublicense[] }>(`/api/console/licenses/${license.id}/sublicenses`))
        .sublicenses,
  });
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
  const used = (id: string) => usage?.sublicenses.find((s) => s.id === id)?.seatsUsed ?? 0;
  return (
    <section aria-label={`Sublicenses of ${license.key}`}>
      <h3>Sublicenses</h3>
      {subs.isPending ? (
        <Loading what="sublicenses" />
      ) : (subs.data ?? []).length === 0 ? (
        <p>No sublicenses: every seat is in the license&apos;s shared pool.</p>
      ) : (
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
            {(subs.data ?? []).map((s) => (
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
      )}
      <ServerForm
        errors={errors.fields}
        onSubmit={() => {
          create.mutate();
        }}
        className="inline-form"
      >
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
    </section>
  );
}

function Devices({ usage }: { usage: LicenseUsage | undefined }) {
  const devices = usage?.devices ?? [];
  if (devices.length === 0) return <p>No devices activated on this license.</p>;
  return (
    <table className="data">
      <caption>Devices on this license</caption>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Device</th>
          <th scope="col">OS</th>
          <th scope="col">App version</th>
          <th scope="col">Activated</th>
          <th scope="col">Last check-in</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.id}>
            <th scope="row">{d.userName}</th>
            <td>{d.deviceName}</td>
            <td>{d.os}</td>
            <td>{d.appVersion}</td>
            <td>
              <When at={d.createdAt} />
            </td>
            <td>
              <When at={d.lastCheckInAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LicensesPage() {
  const licenses = useQuery({
    queryKey: keys.licenses,
    queryFn: async () => (await api.get<{ licenses: License[] }>('/api/console/licenses')).licenses,
  });
  const usage = useQuery({
    queryKey: keys.usage,
    queryFn: async () => (await api.get<{ usage: LicenseUsage[] }>('/api/console/license-usage')).usage,
  });
  return (
    <>
      <PageHeading>Licenses</PageHeading>
      {licenses.isPending ? (
        <Loading what="licenses" />
      ) : (licenses.data ?? []).length === 0 ? (
        <p>No licenses yet. Your Latchkey reseller registers the licenses you bought; they appear here.</p>
      ) : (
        (licenses.data ?? []).map((l) => {
          const u = usage.data?.find((x) => x.licenseId === l.id);
          return (
            <section key={l.id} className="card" aria-label={`License ${l.key}`}>
              <h2>
                {l.edition === 'enterprise' ? 'Enterprise' : 'Business'} license{' '}
                {l.expired && <span className="badge danger">Expired</span>}
              </h2>
              <CopyValue label="License key" value={l.key} />
              <dl className="facts">
                <dt>Edition</dt>
                <dd>{l.edition}</dd>
                <dt>Seats used / total</dt>
                <dd>
                  {u?.seatsUsed ?? 0} / {l.seats}
                </dd>
                <dt>Devices per user</dt>
                <dd>{l.deviceLimit}</dd>
                <dt>Expires</dt>
                <dd>
                  <When at={l.expiresAt} />
                </dd>
              </dl>
              <Sublicenses license={l} usage={u} />
              <h3>Devices</h3>
              <Devices usage={u} />
            </section>
          );
        })
      )}
    </>
  );
}
