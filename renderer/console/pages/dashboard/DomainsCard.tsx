// Verified domains: the work emails this account's sign-ins are found by.
import { Link } from 'react-router';
import { useDomains } from '../../api/queries.ts';
import { Alert, Loading } from '../../components/bits.tsx';

export function DomainsCard() {
  const domains = useDomains();
  const verified = (domains.data ?? []).filter((d) => d.verified);
  return (
    <section className="card dashboard-card" aria-labelledby="dash-domains">
      <h2 id="dash-domains">Verified domains</h2>
      {domains.isPending ? (
        <Loading what="domains" />
      ) : domains.isError ? (
        <Alert kind="error">{domains.error.message}</Alert>
      ) : verified.length === 0 ? (
        <p>
          None yet: <Link to="/integration#step-1">add and verify your domain</Link>.
        </p>
      ) : (
        <ul className="dashboard-list">
          {verified.map((d) => (
            <li key={d.id}>{d.domain}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
