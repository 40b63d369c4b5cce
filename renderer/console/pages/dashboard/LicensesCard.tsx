// Licenses and seats: how many licenses, and seats used of the seats bought.
import { Link } from 'react-router';
import { useLicenseUsage, useLicenses } from '../../api/queries.ts';
import { Alert, Loading } from '../../components/bits.tsx';

export function LicensesCard() {
  const licenses = useLicenses();
  const usage = useLicenseUsage();
  const live = (licenses.data ?? []).filter((l) => !l.expired);
  const seats = live.reduce((sum, l) => sum + l.seats, 0);
  const used = (usage.data ?? [])
    .filter((u) => live.some((l) => l.id === u.licenseId))
    .reduce((sum, u) => sum + u.seatsUsed, 0);
  return (
    <section className="card dashboard-card" aria-labelledby="dash-licenses">
      <h2 id="dash-licenses">Licenses</h2>
      {licenses.isPending || usage.isPending ? (
        <Loading what="licenses" />
      ) : licenses.isError ? (
        <Alert kind="error">{licenses.error.message}</Alert>
      ) : live.length === 0 ? (
        <p>No license yet.</p>
      ) : (
        <p className="dashboard-figure">
          {used} of {seats} seats used
        </p>
      )}
      {!licenses.isPending && (
        <p>
          <Link to="/licenses">
            {live.length} {live.length === 1 ? 'license' : 'licenses'}
          </Link>
        </p>
      )}
    </section>
  );
}
