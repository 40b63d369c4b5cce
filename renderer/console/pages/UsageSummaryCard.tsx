// The Usage page's summary: devices active vs idle (by the account's idle
// days) and seats held per license and sublicense.
import type { UsageSummary } from '../api/types.ts';

export function UsageSummaryCard({ summary }: { summary: UsageSummary }) {
  return (
    <section className="card" aria-labelledby="usage-summary">
      <h2 id="usage-summary">At a glance</h2>
      <p>
        <strong>{summary.devices.active}</strong> active and <strong>{summary.devices.idle}</strong> idle
        devices (idle: no check-in for {summary.idleDays} days or more).
      </p>
      <table className="data">
        <caption>Seats held (users with a live device)</caption>
        <thead>
          <tr>
            <th scope="col">License or sublicense</th>
            <th scope="col">Seats held</th>
            <th scope="col">Seats</th>
          </tr>
        </thead>
        <tbody>
          {summary.licenses.flatMap((l) => [
            <tr key={l.id}>
              <th scope="row">
                {l.edition} license <code>{l.id.slice(0, 8)}</code>
              </th>
              <td>{l.seatsHeld}</td>
              <td>{l.seats}</td>
            </tr>,
            ...l.sublicenses.map((s) => (
              <tr key={s.id}>
                <th scope="row" className="indent">
                  sublicense {s.group}
                </th>
                <td>{s.seatsHeld}</td>
                <td>{s.seats}</td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
    </section>
  );
}
