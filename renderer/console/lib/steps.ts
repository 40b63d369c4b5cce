// The seven steps in the vendor guides' words, and what "Activate
// Integration" must list when it cannot run yet.
import type { StepKey, StepState } from '../api/types.ts';

export const stepTitles: Record<StepKey, string> = {
  domains: "Configure Your Organization's Domain(s)",
  sp_registration: 'Register the enterprise application',
  group_mapping: 'Configure user groups mapping',
  saml: 'Configure SAML integration',
  scim: 'Configure SCIM integration',
  users_assigned: 'Add users to the application groups',
  backup_login: 'Configure backup login',
};

export const idpDoneLabel = 'Configuration in the IdP Directory is done';

/** "Step 3: Configure user groups mapping — admins group name and ID" for each gray step. */
export function graySteps(steps: StepState[]): string[] {
  return steps
    .filter((s) => s.state === 'gray')
    .map(
      (s) => `Step ${s.number}: ${stepTitles[s.key]}${s.missing.length ? ` — ${s.missing.join('; ')}` : ''}`,
    );
}

/**
 * Started once anything is green or the admin pressed Start Configuring. Step 7 does not count:
 * it is green from the owner's first sign-in (the default backup login), before anything was configured.
 */
export function hasStarted(steps: StepState[], pressedStart: boolean): boolean {
  return pressedStart || steps.some((s) => s.state === 'green' && s.key !== 'backup_login');
}
