// Email notification rules (issue 24 item 4): the console's wire types.
// docs/notifications.md is the manual.

export const notificationKinds = [
  'certificate_expiring',
  'seats_threshold',
  'scim_silent',
  'refusal_spike',
  'webhook_disabled',
] as const;

export type NotificationKind = (typeof notificationKinds)[number];

/** What each rule is called on the Notifications page and in the unsubscribe page. */
export const notificationKindLabels: Record<NotificationKind, string> = {
  certificate_expiring: 'IdP certificate expiring or expired',
  seats_threshold: 'Seats 90 % or more in use',
  scim_silent: 'SCIM provisioning silent for 24 hours',
  refusal_spike: 'Spike of one refusal code',
  webhook_disabled: 'Webhook endpoint disabled',
};

/** A spike: at least `threshold` refusals of one code within `windowMinutes` (defaults below). */
export const spikeDefaults = { threshold: 10, windowMinutes: 15 } as const;
export const spikeLimits = {
  threshold: { min: 2, max: 10_000 },
  windowMinutes: { min: 1, max: 1440 },
} as const;

export interface NotificationRule {
  kind: NotificationKind;
  label: string;
  enabled: boolean;
  /** Console admins' user ids. */
  recipients: string[];
  /** Only for `refusal_spike`. */
  spike: { threshold: number; windowMinutes: number } | null;
  updatedAt: string | null;
}

/** A console admin who can receive notifications. */
export interface NotificationRecipient {
  userId: string;
  email: string;
  name: string;
}

export interface NotificationSettings {
  /** False when LATCHKEY_SMTP_URL is unset: rules are saved, nothing is sent. */
  emailConfigured: boolean;
  rules: NotificationRule[];
  admins: NotificationRecipient[];
}

export interface NotificationRuleInput {
  enabled: boolean;
  recipients: string[];
  spike?: { threshold: number; windowMinutes: number };
}

export interface NotificationTestResult {
  sentTo: string;
}
