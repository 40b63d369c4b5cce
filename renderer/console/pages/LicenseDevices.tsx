// The devices activated on one license: who, which device, OS, app version,
// when activated and when last checked in.
import type { LicenseUsage } from '../api/types.ts';
import { When } from '../components/bits.tsx';

export function LicenseDevices({ usage }: { usage: LicenseUsage | undefined }) {
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
            <td>
              {d.deviceName}
              {/* Took a seat above the count, under the license's overage (issue 23 item 3). */}
              {d.overCount && <span className="badge">Over the count</span>}
            </td>
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
