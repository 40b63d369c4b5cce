// The value in force for each policy key, and where it came from. Precedence, highest
// first: the machine's managed policy, the user's managed policy, the user's own
// settings, the build's defaults (VS Code's enterprise policies work the same way: a
// managed value is never mixed into the user's settings, it stands above them). Each key
// is checked on its own: a malformed one is reported and the next source's value applies.
import {
  policyKeys,
  policySources,
  type EffectivePolicy,
  type PolicyEntry,
  type PolicyKey,
  type PolicyProblem,
  type PolicyValues,
} from '../../../common/desktop-policy.ts';
import { checkPolicyKey } from './policy-schema.ts';
import type { RawPolicy } from './raw-policy.ts';

export interface BuildPolicy {
  /** What the build does without any policy (ServiceURL: the build's own service). */
  defaults: PolicyValues;
  /**
   * The build lets a policy name the service (trust-anchor.json `allowManagedServiceUrl`).
   * Either way the root of trust is the build's: licenses from another service never verify.
   */
  allowManagedServiceUrl: boolean;
}

export const noPolicyDefaults = (serviceUrl: string | null): PolicyValues => ({
  ServiceURL: serviceUrl,
  EmailDomain: null,
  Email: null,
  ActivationMethods: 'both',
  ActivateAtStart: false,
  AllowDeactivate: true,
  CheckInIntervalHours: null,
  ProxyPacURL: null,
  AllowLocalListeners: true,
});

export function effectivePolicy(stores: RawPolicy[], build: BuildPolicy): EffectivePolicy {
  const problems: PolicyProblem[] = [];
  const found = new Map<PolicyKey, PolicyEntry>();
  const ordered = [...stores].sort(
    (a, b) => policySources.indexOf(a.source) - policySources.indexOf(b.source),
  );
  for (const store of ordered) {
    const report = (key: string | null, problem: string) =>
      problems.push({ key, source: store.source, where: store.where, problem });
    if ('error' in store) {
      report(null, store.error);
      continue;
    }
    for (const [rawKey, raw] of store.values) {
      const checked = checkPolicyKey(rawKey, raw);
      if (!checked.ok) report(checked.key, checked.problem);
      else if (checked.key === 'ServiceURL' && !build.allowManagedServiceUrl)
        report('ServiceURL', 'ServiceURL is ignored: this build does not allow a managed service');
      else if (!found.has(checked.key))
        found.set(checked.key, { value: checked.value, source: store.source, where: store.where });
    }
  }
  const values = Object.fromEntries(
    policyKeys.map((key) => [
      key,
      found.get(key) ?? { value: build.defaults[key], source: 'build-default', where: null },
    ]),
  ) as EffectivePolicy['values'];
  return { values: withoutContradictions(values, problems), problems };
}

/** Keys that contradict each other: the one that cannot apply is reported and falls back to its default. */
function withoutContradictions(
  values: EffectivePolicy['values'],
  problems: PolicyProblem[],
): EffectivePolicy['values'] {
  const email = values.Email;
  const domain = values.EmailDomain.value;
  if (email.value && domain && !email.value.toLowerCase().endsWith(`@${domain}`)) {
    problems.push({
      key: 'Email',
      source: email.source,
      where: email.where ?? '',
      problem: `Email ${email.value} is not in EmailDomain ${domain}: ignored`,
    });
    values.Email = { value: null, source: 'build-default', where: null };
  }
  const atStart = values.ActivateAtStart;
  if (atStart.value && values.ActivationMethods.value === 'key') {
    problems.push({
      key: 'ActivateAtStart',
      source: atStart.source,
      where: atStart.where ?? '',
      problem: 'ActivateAtStart opens Continue with SSO, which ActivationMethods=key turns off: ignored',
    });
    values.ActivateAtStart = { value: false, source: 'build-default', where: null };
  }
  return values;
}
