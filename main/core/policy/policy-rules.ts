// What the policy in force allows the engine: which ways to activate, which emails,
// whether the device may be deactivated, and how long it may go without a check-in.
// The dialogs hide what is not allowed; the engine refuses it as well (the CLI and a
// stale window reach the engine too).
import { isManaged, type EffectivePolicy } from '../../../common/desktop-policy.ts';

/** Refused by the organisation's policy: not something this state or this input can fix. */
export class PolicyRefusal extends Error {
  override name = 'PolicyRefusal';
}

/** Why this activation is not allowed, or null. Wrong email: a TypeError (the caller's input). */
export function activationRefusal(policy: EffectivePolicy, via: 'sso' | 'key', email: string): Error | null {
  const { ActivationMethods, Email, EmailDomain } = policy.values;
  if (ActivationMethods.value !== 'both' && ActivationMethods.value !== via)
    return new PolicyRefusal(
      via === 'key'
        ? 'your organisation allows only single sign-on here (ActivationMethods = sso): use Continue with SSO'
        : 'your organisation allows only enterprise keys here (ActivationMethods = key)',
    );
  const address = email.trim().toLowerCase();
  if (Email.value && isManaged(Email) && address !== Email.value.toLowerCase())
    return new TypeError(`your organisation set the work email for this computer: use ${Email.value}`);
  if (EmailDomain.value && isManaged(EmailDomain) && !address.endsWith(`@${EmailDomain.value}`))
    return new TypeError(`use your @${EmailDomain.value} work email (set by your organisation)`);
  return null;
}

export function deactivationRefusal(policy: EffectivePolicy): PolicyRefusal | null {
  return policy.values.AllowDeactivate.value
    ? null
    : new PolicyRefusal(
        'your organisation does not allow deactivating Latchkey on this computer (AllowDeactivate = false); ask IT to release the device',
      );
}

/** The longest wait before the next check-in; null: the license's renew-after decides. */
export function checkInCapMs(policy: EffectivePolicy): number | null {
  const hours = policy.values.CheckInIntervalHours.value;
  return hours === null ? null : hours * 3_600_000;
}
