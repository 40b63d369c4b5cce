// `latchkey policy` and doctor's policy check: the managed settings in force, where each
// came from, and what was wrong with the organisation's policy (ignored key by key).
import {
  isManaged,
  policyKeys,
  type EffectivePolicy,
  type PolicyProblem,
} from '../../common/desktop-policy.ts';

/** doctor's check of the policy (doctor.ts lists it with the others). */
export interface PolicyCheck {
  name: 'policy';
  ok: boolean;
  info?: true;
  detail: string;
}

export function describePolicy(policy: EffectivePolicy): string {
  const lines = policyKeys.map((key) => {
    const { value, source, where } = policy.values[key];
    return `${key.padEnd(21)} ${String(value ?? '—').padEnd(28)} ${source}${where ? `  ${where}` : ''}`;
  });
  if (policy.problems.length)
    lines.push('', 'Problems (ignored):', ...policy.problems.map((p) => `  ${problemText(p)}`));
  return lines.join('\n');
}

const problemText = (p: PolicyProblem) => `${p.where}: ${p.problem}`;

export function policyCheck(policy: EffectivePolicy): PolicyCheck {
  if (policy.problems.length)
    return {
      name: 'policy',
      ok: false,
      detail: `${policy.problems.length} problem(s), ignored: ${policy.problems.map(problemText).join('; ')}`,
    };
  const managed = policyKeys.filter((key) => isManaged(policy.values[key]));
  if (!managed.length) return { name: 'policy', ok: true, info: true, detail: 'no managed settings' };
  const where = [...new Set(managed.map((key) => policy.values[key].where))].join(', ');
  return { name: 'policy', ok: true, detail: `managed: ${managed.join(', ')} (${where})` };
}
