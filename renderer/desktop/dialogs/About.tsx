// About Latchkey: the managed settings in force, where each came from, and what was wrong
// with the organisation's policy (each malformed key is ignored; IT fixes it at the source).
import {
  isManaged,
  policyKeys,
  type EffectivePolicy,
  type PolicySource,
} from '../../../common/desktop-policy.ts';
import { Actions, DefaultButton, Dialog } from './Dialog.tsx';

const sourceText: Record<PolicySource, string> = {
  'managed-machine': 'your organisation (this computer)',
  'managed-user': 'your organisation (your account)',
  'user-settings': 'your settings',
  'build-default': 'default',
};

const shown = (value: unknown) => (value === null ? '—' : String(value));

export function About(props: { policy: EffectivePolicy | null; onClose: () => void }) {
  const policy = props.policy;
  return (
    <Dialog title="About Latchkey" name="about" onEscape={props.onClose}>
      <h2>Settings</h2>
      {policy && (
        <dl className="policy" aria-label="Settings">
          {policyKeys.map((key) => {
            const entry = policy.values[key];
            return (
              <div key={key} className={isManaged(entry) ? 'managed-row' : undefined}>
                <dt>{key}</dt>
                <dd>
                  {shown(entry.value)} <span className="source">({sourceText[entry.source]})</span>
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      {policy && policy.problems.length > 0 && (
        <>
          <h2>Problems in your organisation’s policy</h2>
          <ul className="policy-problems" aria-label="Policy problems">
            {policy.problems.map((p, i) => (
              <li key={i}>
                {p.problem} <span className="source">({p.where})</span>
              </li>
            ))}
          </ul>
          <p>These settings were ignored; the rest apply. Tell your IT team.</p>
        </>
      )}
      <Actions>
        <DefaultButton onClick={props.onClose}>Close</DefaultButton>
      </Actions>
    </Dialog>
  );
}
