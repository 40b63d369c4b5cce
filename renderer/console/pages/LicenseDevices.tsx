// The devices activated on one license: who, which device, OS, app version,
// when activated and when last checked in — a page at a time, newest first
// (issue 23 item 8: the old list stopped at 5,000), with its CSV export.
import { keys } from '../api/queries.ts';
import type { Activation } from '../api/types.ts';
import { Alert, When } from '../components/bits.tsx';
import { ExportCsv, LoadMore, useCursorList } from '../components/ListPaging.tsx';

export function LicenseDevices({ licenseId }: { licenseId: string }) {
  const filter = `license=${encodeURIComponent(licenseId)}`;
  const { query, items: devices } = useCursorList<Activation>(
    [...keys.activations, 'license', licenseId],
    `/api/console/activations?${filter}`,
    'activations',
  );
  if (query.isPending) return <p role="status">Loading devices…</p>;
  if (query.isError) return <Alert kind="error">{query.error.message}</Alert>;
  if (devices.length === 0) return <p>No devices activated on this license.</p>;
  return (
    <>
      <table className="data">
        <caption>Devices on this license, newest first</caption>
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
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onMore={() => void query.fetchNextPage()}
        what="devices"
        shown={devices.length}
      />
      <ExportCsv path={`/api/console/export/devices.csv?${filter}`} what="devices" />
    </>
  );
}
