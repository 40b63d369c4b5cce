// The seven steps in the vendor guides' words, what "Activate Integration"
// must list when it cannot run yet, and which step the page opens
// (`/console/integration#step-4`, else the first gray one).
import type { StepKey, StepState } from '../api/types.ts';

export const idpDoneLabel = 'Configuration in the IdP Directory is done';

/** "Step 3: Configure user groups mapping — admins group name and ID" for each gray step. */
export function graySteps(steps: StepState[]): string[] {
  return steps
    .filter((s) => s.state === 'gray')
    .map((s) => `Step ${s.number}: ${s.title}${s.missing.length ? ` — ${s.missing.join('; ')}` : ''}`);
}

/**
 * Started once anything is green or the admin pressed Start Configuring. Step 7 does not count:
 * it is green from the owner's first sign-in (the default backup login), before anything was configured.
 */
export function hasStarted(steps: StepState[], pressedStart: boolean): boolean {
  return pressedStart || steps.some((s) => s.state === 'green' && s.key !== 'backup_login');
}

/** The URL fragment that opens a step: "#step-4". */
export const stepHash = (step: StepState): string => `#step-${step.number}`;

/** The step a fragment names ("#step-4"), if any. */
export function stepOfHash(steps: StepState[], hash: string): StepState | undefined {
  const match = /^#step-([1-9])$/.exec(hash);
  return match ? steps.find((s) => s.number === Number(match[1])) : undefined;
}

/** The step the page opens: the one the URL names, else the first gray one, else none. */
export function initialStep(steps: StepState[], hash: string): StepKey | undefined {
  return (stepOfHash(steps, hash) ?? steps.find((s) => s.state === 'gray'))?.key;
}

/** The controls a hint names in quotes ('tick "Configuration in the IdP Directory is done"'). */
export function quotedControls(missing: string[]): string[] {
  return missing.flatMap((m) => [...m.matchAll(/"([^"]+)"/g)].map((q) => q[1] ?? '')).filter(Boolean);
}
