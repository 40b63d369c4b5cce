// Users provisioned: the directory's active users that came from the IdP
// (SCIM or a first sign-in), beside the local ones (the owner, invited users).
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { keys } from '../../api/queries.ts';
import type { DirectoryUser } from '../../api/types.ts';
import { Alert, Loading } from '../../components/bits.tsx';

export function UsersCard() {
  const users = useQuery({
    queryKey: keys.users(''),
    queryFn: async () => (await api.get<{ users: DirectoryUser[] }>('/api/console/directory/users')).users,
  });
  const active = (users.data ?? []).filter((u) => u.active);
  const provisioned = active.filter((u) => u.source !== 'local').length;
  return (
    <section className="card dashboard-card" aria-labelledby="dash-users">
      <h2 id="dash-users">Users</h2>
      {users.isPending ? (
        <Loading what="users" />
      ) : users.isError ? (
        <Alert kind="error">{users.error.message}</Alert>
      ) : (
        <>
          <p className="dashboard-figure">
            {provisioned} {provisioned === 1 ? 'user' : 'users'} provisioned
          </p>
          <p>
            <Link to="/users">{active.length} active in the directory</Link>
          </p>
        </>
      )}
    </section>
  );
}
