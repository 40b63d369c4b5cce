// Users provisioned: the directory's active users that came from the IdP
// (SCIM or a first sign-in), beside the local ones (the owner, invited users),
// as the database counts them (the Dashboard's answer), never a page of the list.
import { Link } from 'react-router';
import type { Dashboard } from '../../../../common/console-dashboard.ts';

export function UsersCard({ users }: { users: Dashboard['users'] }) {
  return (
    <section className="card dashboard-card" aria-labelledby="dash-users">
      <h2 id="dash-users">Users</h2>
      <p className="dashboard-figure">
        {users.provisioned.toLocaleString('en-US')} {users.provisioned === 1 ? 'user' : 'users'} provisioned
      </p>
      <p>
        <Link to="/users">{users.active.toLocaleString('en-US')} active in the directory</Link>
      </p>
    </section>
  );
}
