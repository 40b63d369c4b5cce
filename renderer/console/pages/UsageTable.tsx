// One page of usage: a device per row with its user; active or idle in words.
import type { UsageRow } from '../api/types.ts';
import { When } from '../components/bits.tsx';
import { stateText } from '../lib/usage-filter.ts';

function UserCell({ user }: { user: UsageRow['user'] }) {
  return (
    <>
      {user.displayName ?? user.userName}
      {user.email && user.email !== user.displayName && <div className="usage-note">{user.email}</div>}
      <div className="usage-note">
        {user.state === 'active' ? 'Active user' : 'Idle user'}, {user.devices} device
        {user.devices === 1 ? '' : 's'}
      </div>
    </>
  );
}

export function UsageTable({ rows, caption }: { rows: UsageRow[]; caption: string }) {
  return (
    <table className="data usage">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">State</th>
          <th scope="col">User</th>
          <th scope="col">Device</th>
          <th scope="col">License</th>
          <th scope="col">First activation</th>
          <th scope="col">Last check-in</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.activationId}>
            <td>
              <span className={`badge ${r.state === 'active' ? 'green' : 'gray'}`}>
                {stateText(r.state, r.silentDays)}
              </span>
            </td>
            <td>
              <UserCell user={r.user} />
            </td>
            <td>
              {r.deviceName}
              <div className="usage-note">
                {r.os}, version {r.appVersion}
              </div>
            </td>
            <td>
              {r.license.edition}
              {r.sublicense && <div className="usage-note">sublicense {r.sublicense.group}</div>}
              {r.overCount && <span className="badge">Over the count</span>}
            </td>
            <td>
              <When at={r.firstActivatedAt} />
            </td>
            <td>
              <When at={r.lastCheckInAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
