// Business Profile → IdP Integration: "Start Configuring", then the seven
// steps, each gray or green with what is missing, each expanding to its
// instructions and fields; "Activate Integration" only when all are green
// (else it lists the gray ones), "Deactivate" always.
import { useState } from 'react';
import {
  Disclosure,
  DisclosureGroup,
  DisclosurePanel,
  Heading,
  Button as AriaButton,
} from 'react-aria-components';
import { api } from '../api/client.ts';
import { useIntegration, useIntegrationChange, useMe } from '../api/queries.ts';
import type { Integration, StepKey, StepState } from '../api/types.ts';
import { Alert, Button, Loading, StateBadge, When } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import { graySteps, hasStarted, stepTitles } from '../lib/steps.ts';
import { BackupLoginStep } from '../steps/BackupLoginStep.tsx';
import { DomainsStep } from '../steps/DomainsStep.tsx';
import { GroupMappingStep } from '../steps/GroupMappingStep.tsx';
import { RegisterAppStep } from '../steps/RegisterAppStep.tsx';
import { SamlStep } from '../steps/SamlStep.tsx';
import { ScimStep } from '../steps/ScimStep.tsx';
import { TestConnection } from '../steps/TestConnection.tsx'; // testconn
import { UsersAssignedStep } from '../steps/UsersAssignedStep.tsx';

const stepBodies: Record<StepKey, (props: { integration: Integration }) => React.JSX.Element> = {
  domains: DomainsStep,
  sp_registration: RegisterAppStep,
  group_mapping: GroupMappingStep,
  saml: SamlStep,
  scim: ScimStep,
  users_assigned: UsersAssignedStep,
  backup_login: BackupLoginStep,
};

const startedKey = (accountId: string) => `latchkey.console.started.${accountId}`;

function StepItem({ step, integration }: { step: StepState; integration: Integration }) {
  const Body = stepBodies[step.key];
  const green = step.state === 'green';
  return (
    <Disclosure id={step.key} className={`step ${green ? 'green' : 'gray'}`} data-step={step.key}>
      <Heading level={2} className="step-heading">
        <AriaButton slot="trigger" className="step-trigger">
          <span className="step-number" aria-hidden="true">
            {green ? '✓' : step.number}
          </span>
          <span className="step-title">
            Step {step.number}: {stepTitles[step.key]}
          </span>
          <StateBadge green={green} />
        </AriaButton>
      </Heading>
      {!green && step.missing.length > 0 && <p className="missing">Missing: {step.missing.join('; ')}</p>}
      <DisclosurePanel className="step-panel">
        <Body integration={integration} />
      </DisclosurePanel>
    </Disclosure>
  );
}

function ActivationBar({ integration }: { integration: Integration }) {
  const activate = useIntegrationChange(() => api.post<Integration>('/api/console/integration/activate'));
  const deactivate = useIntegrationChange(() => api.post<Integration>('/api/console/integration/deactivate'));
  const gray = graySteps(integration.steps);
  const failed = formErrorsOf(activate.error ?? deactivate.error, []).form;
  return (
    <section className="card activation" aria-labelledby="activation-heading">
      <h2 id="activation-heading">Integration status</h2>
      {integration.status === 'active' ? (
        <Alert kind="success">
          Activated <When at={integration.activatedAt} />: users of your verified domains activate the desktop
          app with single sign-on.
        </Alert>
      ) : (
        <p>Not activated: users cannot activate with single sign-on yet.</p>
      )}
      {!integration.canActivate && (
        <div id="activate-blockers">
          <p>Activate Integration is possible once all seven steps are green. Still to do:</p>
          <ul>
            {gray.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </div>
      )}
      {failed && <Alert kind="error">{failed}</Alert>}
      <div className="actions">
        <Button
          variant="primary"
          isDisabled={!integration.canActivate || integration.status === 'active' || activate.isPending}
          {...(!integration.canActivate && { 'aria-describedby': 'activate-blockers' })}
          onPress={() => activate.mutate(undefined)}
        >
          Activate Integration
        </Button>
        <Button
          variant="danger"
          isDisabled={deactivate.isPending}
          onPress={() => deactivate.mutate(undefined)}
        >
          Deactivate
        </Button>
      </div>
    </section>
  );
}

export function IntegrationPage() {
  const me = useMe();
  const integration = useIntegration();
  const accountId = me.data?.account.id ?? '';
  const [pressed, setPressed] = useState(() => localStorage.getItem(startedKey(accountId)) === '1');
  if (integration.isPending) return <Loading what="the IdP integration" />;
  if (integration.isError) return <Alert kind="error">{integration.error.message}</Alert>;
  const view = integration.data;
  const started = hasStarted(view.steps, pressed) || view.status === 'active';
  return (
    <>
      <PageHeading crumb="Business Profile" crumbTo="/business-profile">
        IdP Integration
      </PageHeading>
      {!started ? (
        <section className="card">
          <p>
            Connect your identity provider (Okta, Entra ID, Ping Identity, JumpCloud, Google Workspace or any
            SAML 2.0 IdP) so your people activate Latchkey with their work login. It takes seven steps; your
            progress is saved as you go.
          </p>
          <Button
            variant="primary"
            onPress={() => {
              localStorage.setItem(startedKey(accountId), '1');
              setPressed(true);
            }}
          >
            Start Configuring
          </Button>
        </section>
      ) : (
        <>
          <DisclosureGroup allowsMultipleExpanded className="steps">
            {view.steps.map((step) => (
              <StepItem key={step.key} step={step} integration={view} />
            ))}
          </DisclosureGroup>
          {/* testconn: Test connection, right before Activate Integration */}
          <TestConnection integration={view} />
          <ActivationBar integration={view} />
        </>
      )}
    </>
  );
}
