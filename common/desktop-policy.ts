// Managed settings as the app, its CLI and its dialogs see them: the policy keys an
// administrator may push (macOS configuration profile, Windows Group Policy,
// /etc/latchkey/policy.json — docs/managed-deployment.md), the value in force for each
// and where it came from, and what was wrong with the policy (ignored key by key).

/** The keys, in the order the docs and `latchkey policy` list them. */
export const policyKeys = [
  'ServiceURL',
  'EmailDomain',
  'Email',
  'ActivationMethods',
  'ActivateAtStart',
  'AllowDeactivate',
  'CheckInIntervalHours',
  'ProxyPacURL',
  'AllowLocalListeners',
] as const;
export type PolicyKey = (typeof policyKeys)[number];

export type ActivationMethods = 'sso' | 'key' | 'both';

export interface PolicyValues {
  /** Where the app activates; only where the build allows a managed service. */
  ServiceURL: string | null;
  /** Only work emails of this domain may activate (and it fills the domain in). */
  EmailDomain: string | null;
  /** The user's work email, filled into Continue with SSO. */
  Email: string | null;
  ActivationMethods: ActivationMethods;
  /** Not activated at start: open Account & License at Continue with SSO. */
  ActivateAtStart: boolean;
  AllowDeactivate: boolean;
  /** At most this many hours between check-ins; null: the license's own renew-after. */
  CheckInIntervalHours: number | null;
  /** The proxy auto-configuration file the app uses (wins over the system's and LATCHKEY_PAC_URL). */
  ProxyPacURL: string | null;
  /** False: the sign-in never listens on a local port; the browser returns through the app's scheme. */
  AllowLocalListeners: boolean;
}

/** Highest precedence first: the machine's policy wins over the user's, the user's over their own settings. */
export const policySources = ['managed-machine', 'managed-user', 'user-settings', 'build-default'] as const;
export type PolicySource = (typeof policySources)[number];

export interface PolicyEntry<K extends PolicyKey = PolicyKey> {
  value: PolicyValues[K];
  source: PolicySource;
  /** The file or registry key the value was read from (none for a build default). */
  where: string | null;
}

export interface PolicyProblem {
  /** The key as the policy spelled it (an unknown one too), or null for the whole file. */
  key: string | null;
  source: PolicySource;
  where: string;
  problem: string;
}

export interface EffectivePolicy {
  values: { [K in PolicyKey]: PolicyEntry<K> };
  /** Each ignored key or unreadable store, with why. */
  problems: PolicyProblem[];
}

/** A value an administrator set: the dialogs show it as set by the organisation and lock it. */
export const isManaged = (entry: PolicyEntry): boolean =>
  entry.source === 'managed-machine' || entry.source === 'managed-user';

export const managedLabel = 'Set by your organisation';

/**
 * Where the app opens Continue with SSO by itself: at start (ActivateAtStart) or from an
 * invitation's latchkey://activate link. It only fills the form in; the user presses Next.
 */
export interface SsoPrompt {
  reason: 'activate-at-start' | 'activation-link';
  email: string;
  /** The email is the organisation's (managed Email): shown locked. */
  emailLocked: boolean;
  /** Why the link's email was not used (a managed Email or EmailDomain wins). */
  note: string | null;
}
