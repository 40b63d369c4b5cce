// The invitation email's "Activate Latchkey" link: latchkey://activate?email=…&invitation=…
// (the service writes it; the OS hands it to the app: macOS open-url, Windows and Linux a
// second instance's argv). It only ever fills in Continue with SSO — a link is anyone's to
// craft, so it never starts an activation, and a managed Email or EmailDomain wins over it.
import { emailProblem } from '../../../common/activation-input.ts';
import type { EffectivePolicy, SsoPrompt } from '../../../common/desktop-policy.ts';
import { isManaged } from '../../../common/desktop-policy.ts';

export const activationScheme = 'latchkey';

export interface ActivationLink {
  email: string;
  /** The invitation's id, when the link carries a well-formed one (nothing is done with it here). */
  invitation: string | null;
}

const maxLinkLength = 2048;
const invitationId = /^[A-Za-z0-9-]{1,64}$/;

/** A latchkey://activate link, checked strictly; null for anything else (which is then ignored). */
export function parseActivationLink(raw: string): ActivationLink | null {
  if (raw.length > maxLinkLength || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  // A non-special scheme: `latchkey://activate?…` has host "activate" and an empty path.
  if (url.protocol !== `${activationScheme}:` || url.hostname !== 'activate') return null;
  if (url.username || url.password || url.port || !['', '/'].includes(url.pathname) || url.hash) return null;
  const emails = url.searchParams.getAll('email');
  const email = emails[0]?.trim() ?? '';
  if (emails.length !== 1 || emailProblem(email) !== null) return null;
  const invitations = url.searchParams.getAll('invitation');
  const invitation =
    invitations.length === 1 && invitationId.test(invitations[0] ?? '') ? (invitations[0] ?? null) : null;
  return { email, invitation };
}

/** The first activation link among a process's arguments (Windows and Linux pass it on the command line). */
export function activationLinkIn(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${activationScheme}:`));
}

export type LinkDecision = { prompt: SsoPrompt } | { ignored: string };

/** What a link may do under the policy in force: open Continue with SSO, filled in, or nothing. */
export function promptForLink(link: ActivationLink, policy: EffectivePolicy): LinkDecision {
  const { Email, EmailDomain, ActivationMethods } = policy.values;
  if (ActivationMethods.value === 'key')
    return { ignored: 'single sign-on is turned off by your organisation (ActivationMethods=key)' };
  if (Email.value && isManaged(Email))
    return {
      prompt: {
        reason: 'activation-link',
        email: Email.value,
        emailLocked: true,
        note:
          Email.value.toLowerCase() === link.email.toLowerCase()
            ? null
            : `The invitation was for ${link.email}; your organisation set this computer’s work email to ${Email.value}.`,
      },
    };
  const domain = EmailDomain.value;
  if (domain && isManaged(EmailDomain) && !link.email.toLowerCase().endsWith(`@${domain}`))
    return {
      prompt: {
        reason: 'activation-link',
        email: '',
        emailLocked: false,
        note: `The invitation was for ${link.email}, but your organisation allows only @${domain} addresses here.`,
      },
    };
  return { prompt: { reason: 'activation-link', email: link.email, emailLocked: false, note: null } };
}

/** ActivateAtStart: a device that starts without a license opens Continue with SSO. */
export function promptAtStart(policy: EffectivePolicy, activated: boolean): SsoPrompt | null {
  const { ActivateAtStart, Email } = policy.values;
  if (activated || !ActivateAtStart.value) return null;
  return {
    reason: 'activate-at-start',
    email: Email.value ?? '',
    emailLocked: Email.value !== null && isManaged(Email),
    note: null,
  };
}
