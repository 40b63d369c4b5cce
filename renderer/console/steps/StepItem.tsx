// One step of the configurator as a summary row — its number, the guide's
// title, gray or green, one line of what is missing and "Open"/"Edit" — that
// expands to the step's instructions and fields.
import { Button as AriaButton, Disclosure, DisclosurePanel, Heading } from 'react-aria-components';
import type { Integration, StepKey, StepState } from '../api/types.ts';
import { StateBadge } from '../components/bits.tsx';
import { BackupLoginStep } from './BackupLoginStep.tsx';
import { DomainsStep } from './DomainsStep.tsx';
import { GroupMappingStep } from './GroupMappingStep.tsx';
import { RegisterAppStep } from './RegisterAppStep.tsx';
import { SamlStep } from './SamlStep.tsx';
import { ScimStep } from './ScimStep.tsx';
import { UsersAssignedStep } from './UsersAssignedStep.tsx';

const stepBodies: Record<StepKey, (props: { integration: Integration }) => React.JSX.Element> = {
  domains: DomainsStep,
  sp_registration: RegisterAppStep,
  group_mapping: GroupMappingStep,
  saml: SamlStep,
  scim: ScimStep,
  users_assigned: UsersAssignedStep,
  backup_login: BackupLoginStep,
};

export function StepItem(props: { step: StepState; integration: Integration; isOpen: boolean }) {
  const { step, integration, isOpen } = props;
  const Body = stepBodies[step.key];
  const green = step.state === 'green';
  return (
    <Disclosure
      id={step.key}
      className={`step ${green ? 'green' : 'gray'}`}
      data-step={step.key}
      data-number={step.number}
    >
      <Heading level={2} className="step-heading">
        <AriaButton slot="trigger" className="step-trigger">
          <span className="step-number" aria-hidden="true">
            {green ? '✓' : step.number}
          </span>
          <span className="step-title">
            Step {step.number}: {step.title}
          </span>
          <StateBadge green={green} />
          <span className="step-open">{isOpen ? 'Close' : green ? 'Edit' : 'Open'}</span>
        </AriaButton>
      </Heading>
      {!green && step.missing.length > 0 && <p className="missing">Missing: {step.missing.join('; ')}</p>}
      <DisclosurePanel className="step-panel">
        <Body integration={integration} />
      </DisclosurePanel>
    </Disclosure>
  );
}
