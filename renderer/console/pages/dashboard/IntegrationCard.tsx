// The IdP integration at a glance: active since when, or how many of the
// seven steps are done and the first one still gray, one click away.
import { Link } from 'react-router';
import { useIntegration } from '../../api/queries.ts';
import type { Integration } from '../../api/types.ts';
import { Alert, Loading, When } from '../../components/bits.tsx';

export function IntegrationCard() {
  const integration = useIntegration();
  return (
    <section className="card dashboard-card" aria-labelledby="dash-integration">
      <h2 id="dash-integration">IdP integration</h2>
      {integration.isPending ? (
        <Loading what="the integration" />
      ) : integration.isError ? (
        <Alert kind="error">{integration.error.message}</Alert>
      ) : (
        <IntegrationState integration={integration.data} />
      )}
    </section>
  );
}

function IntegrationState({ integration }: { integration: Integration }) {
  const { status, activatedAt, steps } = integration;
  if (status === 'active')
    return (
      <p className="dashboard-figure">
        Active since <When at={activatedAt} />
      </p>
    );
  const done = steps.filter((s) => s.state === 'green').length;
  const next = steps.find((s) => s.state === 'gray');
  return (
    <>
      <p className="dashboard-figure">
        {done} of {steps.length} steps done
      </p>
      {next ? (
        <p>
          Next:{' '}
          <Link to={`/integration#step-${next.number}`}>
            Step {next.number}: {next.title}
          </Link>
        </p>
      ) : (
        <p>
          Every step is green: <Link to="/integration">Activate Integration</Link>.
        </p>
      )}
    </>
  );
}
