// Business Profile → IdP Integration: "Start Configuring", then the
// activation bar at the top of the page (as the guides place it), then the
// seven steps as summary rows — number, title, gray or green, one line of
// what is missing — one of them open at a time; the URL's #step-N names it.
import { useState } from 'react';
import { DisclosureGroup } from 'react-aria-components';
import { useIntegration, useMe } from '../api/queries.ts';
import { Alert, Button, Loading } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { hasStarted } from '../lib/steps.ts';
import { ActivationBar } from '../steps/ActivationBar.tsx';
import { StepItem } from '../steps/StepItem.tsx';
import { TestConnection } from '../steps/TestConnection.tsx'; // testconn
import { useOpenStep } from '../steps/use-open-step.ts';

const startedKey = (accountId: string) => `latchkey.console.started.${accountId}`;

export function IntegrationPage() {
  const me = useMe();
  const integration = useIntegration();
  const accountId = me.data?.account.id ?? '';
  const [pressed, setPressed] = useState(() => localStorage.getItem(startedKey(accountId)) === '1');
  const open = useOpenStep(integration.data?.steps);
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
          <ActivationBar integration={view} />
          <div className="steps-tools">
            <Button onPress={open.expandAll}>Open all steps</Button>
            <Button onPress={open.collapseAll}>Close all steps</Button>
          </div>
          <DisclosureGroup
            allowsMultipleExpanded
            expandedKeys={open.expanded}
            onExpandedChange={open.onExpandedChange}
            className="steps"
          >
            {view.steps.map((step) => (
              <StepItem key={step.key} step={step} integration={view} isOpen={open.expanded.has(step.key)} />
            ))}
          </DisclosureGroup>
          {/* testconn: Test connection, after the steps and before activating; the top bar links here. */}
          <div id="test-connection">
            <TestConnection integration={view} />
          </div>
        </>
      )}
    </>
  );
}
