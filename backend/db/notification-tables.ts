// Table types of migration 0036 (email notifications, docs/notifications.md).

export interface NotificationRulesTable {
  account_id: string;
  /** common/console-notifications.ts `NotificationKind`. */
  kind: string;
  enabled: 0 | 1;
  /** JSON array of account_users ids. */
  recipients: string;
  spike_threshold: number | null;
  spike_window_minutes: number | null;
  updated_at: string;
  updated_by: string;
}

export interface NotificationCursorsTable {
  account_id: string;
  /** bigint: PostgreSQL answers it as a string. */
  last_seq: number | string;
}

export interface NotificationFactsTable {
  account_id: string;
  /** E.g. `certificate:<fingerprint>:7`, `spike:SAML_EXPIRED`. */
  fact_key: string;
  /** `told` (fired once), or for a spike `on` / `over`. */
  state: string;
  changed_at: string;
}

export interface NotificationMessagesTable {
  id: string;
  account_id: string;
  kind: string;
  user_id: string;
  fact_key: string;
  /** JSON of notifications/facts.ts `Fact`. */
  fact: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  claimed_until: string | null;
  settled_at: string | null;
  /** `sent`, `dropped` (rule off or recipient gone when it was due), `gave_up` (SMTP refused for 3 days). */
  outcome: string | null;
  last_error: string | null;
}

export interface NotificationUnsubscribeTokensTable {
  token_hash: string;
  account_id: string;
  kind: string;
  user_id: string;
  created_at: string;
}
