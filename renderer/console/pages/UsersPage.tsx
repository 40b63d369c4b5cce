// Users: search; source (local, SCIM, JIT); active; groups; devices (name,
// OS, app version, activated, last check-in) with revoke; per user "Why
// can't this user activate?", and the same check for an email that has no
// user yet; "Invite user" and the pending invitations (issue 22 item 7).
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { SearchField, Input, Label, Text } from 'react-aria-components';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { DirectoryGroup, DirectoryUser } from '../api/types.ts';
import { Alert, Loading } from '../components/bits.tsx';
import { Picker } from '../components/fields.tsx';
import { ExportCsv, LoadMore, useCursorList } from '../components/ListPaging.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { CheckAnyEmail } from './CheckAnyEmail.tsx';
import { InviteUser, useInvitations } from './InviteUser.tsx';
import { PendingInvitations } from './PendingInvitations.tsx';
import { UserRow } from './UserRow.tsx';

/** The search and group as the list's (and its export's) query string. */
function userFilter(query: string, group: string): string {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  if (group) params.set('group', group);
  return params.toString();
}

function useGroups() {
  return useQuery({
    queryKey: keys.groups,
    queryFn: async () =>
      (await api.get<{ groups: DirectoryGroup[] }>('/api/console/directory/groups')).groups,
  });
}

/** Which user's row has a panel open (kept by the page, so a failed search does not close it). */
type OpenRow = [id: string | null, set: (id: string | null) => void];

function UsersTable(props: {
  users: DirectoryUser[];
  /** The service has more pages (the count shown is what is loaded). */
  more: boolean;
  query: string;
  open: OpenRow;
  checking: OpenRow;
  invitedEmails: ReadonlySet<string>;
}) {
  const [open, setOpen] = props.open;
  const [checking, setChecking] = props.checking;
  return (
    <table className="data users">
      <caption>
        {props.users.length}
        {props.more ? '+' : ''} users{props.query ? ` matching “${props.query}”` : ''}, by user name
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
            invited={props.invitedEmails.has(u.email ?? '')}
          />
        ))}
      </tbody>
    </table>
  );
}

export function UsersPage() {
  const [q, setQ] = useState('');
  const [group, setGroup] = useState('');
  const query = useDeferredValue(q.trim());
  const open = useState<string | null>(null);
  const checking = useState<string | null>(null);
  const filter = userFilter(query, group);
  const { query: users, items } = useCursorList<DirectoryUser>(
    [...keys.users(query), 'pages', group],
    `/api/console/directory/users?${filter}`,
    'users',
  );
  const groups = useGroups();
  const invitations = useInvitations();
  const invitedEmails = new Set((invitations.data ?? []).map((i) => i.email));
  return (
    <>
      <PageHeading>Users</PageHeading>
      <div className="filters">
        <SearchField className="field search" value={q} onChange={setQ}>
          <Label>Search users</Label>
          <Input placeholder="start of a name or email" />
          <Text slot="description" className="description">
            Matches the start of the user name, email or display name (not the middle), in any case.
          </Text>
        </SearchField>
        <Picker
          name="group"
          label="Group"
          choices={[
            { id: 'any', label: 'Any group' },
            ...(groups.data ?? []).map((g) => ({ id: g.id, label: `${g.name} (${g.members})` })),
          ]}
          selected={group || 'any'}
          onChange={(id) => setGroup(id === 'any' ? '' : id)}
        />
      </div>
      {users.isPending ? (
        <Loading what="users" />
      ) : users.isError ? (
        <Alert kind="error">{users.error.message}</Alert>
      ) : (
        <>
          <UsersTable
            users={items}
            more={users.hasNextPage}
            query={query}
            open={open}
            checking={checking}
            invitedEmails={invitedEmails}
          />
          <LoadMore
            hasMore={users.hasNextPage}
            loading={users.isFetchingNextPage}
            onMore={() => void users.fetchNextPage()}
            what="users"
            shown={items.length}
          />
          <ExportCsv path={`/api/console/export/users.csv?${filter}`} what="users" />
        </>
      )}
      <InviteUser />
      <PendingInvitations />
      <CheckAnyEmail />
    </>
  );
}
