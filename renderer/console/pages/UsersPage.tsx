// Users: search; source (local, SCIM, JIT); active; groups; devices (name,
// OS, app version, activated, last check-in) with revoke; per user "Why
// can't this user activate?", and the same check for an email that has no
// user yet; "Invite user" and the pending invitations (issue 22 item 7).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { SearchField, Input, Label } from 'react-aria-components';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Activation, DirectoryUser } from '../api/types.ts';
import { Alert, Loading } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { CheckAnyEmail } from './CheckAnyEmail.tsx';
import { InviteUser, useInvitations } from './InviteUser.tsx';
import { PendingInvitations } from './PendingInvitations.tsx';
import { UserRow } from './UserRow.tsx';

function useDirectoryUsers(query: string) {
  return useQuery({
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
}

/** Which user's row has a panel open (kept by the page, so a failed search does not close it). */
type OpenRow = [id: string | null, set: (id: string | null) => void];

function UsersTable(props: {
  users: DirectoryUser[];
  query: string;
  activations: Activation[];
  open: OpenRow;
  checking: OpenRow;
  invitedEmails: ReadonlySet<string>;
}) {
  const [open, setOpen] = props.open;
  const [checking, setChecking] = props.checking;
  return (
    <table className="data users">
      <caption>
        {props.users.length} users{props.query ? ` matching “${props.query}”` : ''}
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
        {props.users.map((u) => (
          <UserRow
            key={u.id}
            user={u}
            isOpen={open === u.id}
            onToggle={() => setOpen(open === u.id ? null : u.id)}
            isChecking={checking === u.id}
            onToggleCheck={() => setChecking(checking === u.id ? null : u.id)}
            activations={props.activations}
            invited={props.invitedEmails.has(u.email ?? '')}
          />
        ))}
      </tbody>
    </table>
  );
}

export function UsersPage() {
  const [q, setQ] = useState('');
  const query = useDeferredValue(q.trim());
  const open = useState<string | null>(null);
  const checking = useState<string | null>(null);
  const users = useDirectoryUsers(query);
  const activations = useQuery({
    queryKey: keys.activations,
    queryFn: async () =>
      (await api.get<{ activations: Activation[] }>('/api/console/activations')).activations,
  });
  const invitations = useInvitations();
  const invitedEmails = new Set((invitations.data ?? []).map((i) => i.email));
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
        <UsersTable
          users={users.data}
          query={query}
          activations={activations.data ?? []}
          open={open}
          checking={checking}
          invitedEmails={invitedEmails}
        />
      )}
      <InviteUser />
      <PendingInvitations />
      <CheckAnyEmail />
    </>
  );
}
