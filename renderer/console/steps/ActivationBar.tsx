// The top of the configurator, where the guides put it: the status
// ("Activated since …" or "Not activated" with the steps still gray, each a
// link that opens it), Activate Integration (once all seven are green) and
// Deactivate (only while active). Before activating, it points to Test
// connection below the steps — a check the guides do not have.
import { api } from '../api/client.ts';
import { useIntegrationChange } from '../api/queries.ts';
import type { Integration } from '../api/types.ts';
import { Alert, Button, When } from '../components/bits.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import { graySteps, stepHash } from '../lib/steps.ts';

function ActivationStatus({ integration, active }: { integration: Integration; active: boolean }) {
  return (
    <div className="activation-status">
      {active ? (
        <Alert kind="success">
          Activated since <When at={integration.activatedAt} />: users of your verified domains activate the
          desktop app with single sign-on.
        </Alert>
      ) : (
        <p>Not activated: users cannot activate with single sign-on yet.</p>
      )}
    </div>
  );
}

type Change = ReturnType<typeof useIntegrationChange<unknown>>;

function ActivationButtons(props: {
  canActivate: boolean;
  active: boolean;
  activate: Change;
  deactivate: Change;
}) {
  const { canActivate, active, activate, deactivate } = props;
  return (
    <div className="actions">
      <Button
        variant="primary"
        isDisabled={!canActivate || active || activate.isPending}
        {...(!canActivate && { 'aria-describedby': 'activate-blockers' })}
        onPress={() => activate.mutate(undefined)}
      >
        Activate Integration
      </Button>
      <Button
        variant="danger"
        isDisabled={!active || deactivate.isPending}
        {...(!active && { 'aria-describedby': 'deactivate-when' })}
        onPress={() => deactivate.mutate(undefined)}
      >
        Deactivate
      </Button>
    </div>
  );
}

/** The steps still gray, each a link that opens it. */
function ActivateBlockers({ steps }: { steps: Integration['steps'] }) {
  const gray = steps.filter((s) => s.state === 'gray');
  const lines = graySteps(steps);
  return (
    <div id="activate-blockers">
      <p>Activate Integration is possible once all seven steps are green. Still gray:</p>
      <ul>
        {gray.map((s, i) => (
          <li key={s.key}>
            <a href={stepHash(s)}>{lines[i]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ActivationBar({ integration }: { integration: Integration }) {
  const activate = useIntegrationChange(() => api.post<Integration>('/api/console/integration/activate'));
  const deactivate = useIntegrationChange(() => api.post<Integration>('/api/console/integration/deactivate'));
  const active = integration.status === 'active';
  const failed = formErrorsOf(activate.error ?? deactivate.error, []).form;
  return (
    <section className="card activation" aria-labelledby="activation-heading">
      <h2 id="activation-heading">Integration status</h2>
      <div className="activation-row">
        <ActivationStatus integration={integration} active={active} />
        <ActivationButtons
          canActivate={integration.canActivate}
          active={active}
          activate={activate}
          deactivate={deactivate}
        />
      </div>
      {!active && (
        <p id="deactivate-when" className="description">
          Deactivate is available while the integration is active.
        </p>
      )}
      {!integration.canActivate && <ActivateBlockers steps={integration.steps} />}
      {integration.canActivate && !active && (
        <p>
          All seven steps are green. Test the connection first: <a href="#test-connection">Test connection</a>{' '}
          (below the steps) signs in once at your IdP without activating anything.
        </p>
      )}
      {failed && <Alert kind="error">{failed}</Alert>}
    </section>
  );
}
