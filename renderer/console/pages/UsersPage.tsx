// Users: search; source (local, SCIM, JIT); active; groups; devices (name,
// OS, app version, activated, last check-in) with revoke; per user "Why
// can't this user activate?", and the same check for an email that has no
// user yet.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { SearchField, Input, Label } from 'react-aria-components';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Activation, DirectoryUser } from '../api/types.ts';
import { Alert, Button, Loading, When } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import { AccessCheckPanel } from '../components/AccessCheckPanel.tsx';
import { CheckAnyEmail } from './CheckAnyEmail.tsx';

const sourceText: Record<string, string> = { local: 'Local', scim: 'SCIM', jit: 'JIT (first SSO sign-in)' };

function Devices({ user, activations }: { user: DirectoryUser; activations: Activation[] }) {
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: (id: string) => api.post(`/api/console/activations/${id}/revoke`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.activations });
      void client.invalidateQueries({ queryKey: ['directory-users'] });
      void client.invalidateQueries({ queryKey: keys.usage });
    },
  });
  const mine = activations.filter((a) => a.userId === user.id);
  const failure = formErrorsOf(revoke.error, []).form;
  if (mine.length === 0) return <p>No activated devices.</p>;
  return (
    <>
      <table className="data">
        <caption>Devices of {user.email ?? user.userName}</caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">OS</th>
            <th scope="col">App version</th>
            <th scope="col">Activated</th>
            <th scope="col">Last check-in</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {mine.map((a) => (
            <tr key={a.id}>
              <td>{a.deviceName}</td>
              <td>{a.os}</td>
              <td>{a.appVersion}</td>
              <td>
                <When at={a.createdAt} />
              </td>
              <td>
                <When at={a.lastCheckInAt} />
              </td>
              <td>
                <Button variant="danger" isDisabled={revoke.isPending} onPress={() => revoke.mutate(a.id)}>
                  Revoke {a.deviceName}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {failure && <Alert kind="error">{failure}</Alert>}
    </>
  );
}

export function UsersPage() {
  const [q, setQ] = useState('');
  const query = useDeferredValue(q.trim());
  const [open, setOpen] = useState<string | null>(null);
  const [checking, setChecking] = useState<string | null>(null);
  const users = useQuery({
    queryKey: keys.users(query),
    queryFn: async () =>
      (
        await api.get<{ users: DirectoryUser[] }>(
          `/api/console/directory/users?q=${encodeURIComponent(query)}`,
        )
      ).users,
    // While a new search runs, the last answer stays on screen (and keeps the keyboard focus).
    placeholderData: keepPreviousData,
  });
  const activations = useQuery({
    queryKey: keys.activations,
    queryFn: async () =>
      (await api.get<{ activations: Activation[] }>('/api/console/activations')).activations,
  });
  return (
    <>
      <PageHeading>Users</PageHeading>
      <SearchField className="field search" value={q} onChange={setQ}>
        <Label>Search users</Label>
        <Input placeholder="name or email" />
      </SearchField>
      {users.isPending ? (
        <Loading what="users" />
      ) : users.isError ? (
        <Alert kind="error">{users.error.message}</Alert>
      ) : (
        <table className="data users">
          <caption>
            {users.data.length} users{query ? ` matching “${query}”` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Source</th>
              <th scope="col">Active</th>
              <th scope="col">Groups</th>
              <th scope="col">Devices</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <UserRow
                key={u.id}
                user={u}
                isOpen={open === u.id}
                onToggle={() => setOpen(open === u.id ? null : u.id)}
                isChecking={checking === u.id}
                onToggleCheck={() => setChecking(checking === u.id ? null : u.id)}
                activations={activations.data ?? []}
              />
            ))}
          </tbody>
        </table>
      )}
      <CheckAnyEmail />
    </>
  );
}

function UserRow(props: {
  user: DirectoryUser;
  isOpen: boolean;
  onToggle: () => void;
  isChecking: boolean;
  onToggleCheck: () => void;
  activations: Activation[];
}) {
  const u = props.user;
  const panelId = `devices-${u.id}`;
  const checkId = `access-${u.id}`;
  const who = u.email ?? u.userName;
  return (
    <>
      <tr>
        <th scope="row">
          {u.displayName && <span className="name">{u.displayName}</span>} {u.email ?? u.userName}
          {u.isOwner && <span className="badge gray">Owner</span>}
        </th>
        <td>{sourceText[u.source] ?? u.source}</td>
        <td>{u.active ? 'Active' : 'Deactivated'}</td>
        <td>
          {u.claimMembership
            ? `${u.claimMembership.groups.join(', ') || '—'} (${u.claimMembership.from})`
            : u.groups.length
              ? u.groups.map((g) => g.name).join(', ')
              : '—'}
        </td>
        <td>
          <Button aria-expanded={props.isOpen} aria-controls={panelId} onPress={props.onToggle}>
            {u.activeDevices} {u.activeDevices === 1 ? 'device' : 'devices'}
            <span className="visually-hidden"> of {u.email ?? u.userName}</span>
          </Button>
        </td>
        <td>
          <Button aria-expanded={props.isChecking} aria-controls={checkId} onPress={props.onToggleCheck}>
            Why can&apos;t this user activate?
            <span className="visually-hidden"> ({who})</span>
          </Button>
        </td>
      </tr>
      {props.isOpen && (
        <tr id={panelId}>
          <td colSpan={6}>
            <Devices user={u} activations={props.activations} />
          </td>
        </tr>
      )}
      {props.isChecking && (
        <tr id={checkId}>
          <td colSpan={6}>
            <AccessCheckPanel email={who} headingId={`${checkId}-heading`} />
          </td>
        </tr>
      )}
    </>
  );
}
