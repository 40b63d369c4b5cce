// Table types for Kysely. One schema for SQLite and PostgreSQL: timestamps are
// ISO-8601 UTC text (sortable as text), flags are 0/1 integers, ids are UUIDs,
// so every query reads the same on both dialects.
import type {
  NotificationCursorsTable,
  NotificationFactsTable,
  NotificationMessagesTable,
  NotificationRulesTable,
  NotificationUnsubscribeTokensTable,
} from './notification-tables.ts';
import type { ColumnType, Generated } from 'kysely';

export type Flag = 0 | 1;
export type UserSource = 'local' | 'scim' | 'jit';
export type Provisioning = 'scim' | 'jit';
export type IntegrationStatus = 'inactive' | 'active';
export type SessionVia = 'password' | 'backup' | 'sso';
export type SsoBinding = 'redirect' | 'post';
export type AttributePreset = 'generic' | 'entra' | 'okta' | 'ping' | 'jumpcloud' | 'google';

export interface AccountsTable {
  id: string;
  name: string;
  created_at: string;
  /** The Business Profile's contacts (migration 0025): NULL until an admin fills them in. */
  primary_contact_name: string | null;
  primary_contact_email: string | null;
  primary_contact_phone: string | null;
  billing_contact_name: string | null;
  billing_contact_email: string | null;
  billing_contact_phone: string | null;
  /** Days without a check-in after which a device counts as idle on the Usage page (migration 0027, 1..365). */
  usage_idle_days: ColumnType<number, number | undefined, number>;
  /** 1: users may release their own devices from the app (migration 0039, the default). */
  self_service_release?: number;
  /** 1: users may finish the app's sign-in on a second device (RFC 8628; migration 0042, off by default). */
  device_code_sign_in?: number;
}

export interface AccountUsersTable {
  id: string;
  account_id: string;
  /** As provisioned (SCIM userName) or, for local users, the email. */
  user_name: string;
  /** Lowercased user_name, unique per account; NULL once the user is deleted. */
  user_name_key: string | null;
  /** Lowercased primary (or first) email; sign-in and discovery use it. */
  email: string | null;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  password_hash: string | null;
  source: UserSource;
  external_id: string | null;
  active: Flag;
  is_owner: Flag;
  /** The SCIM resource as stored (JSON, without id and meta); NULL for local users. */
  scim_resource: string | null;
  /** Bumped on every change; the SCIM ETag. */
  version: number;
  last_login_at: string | null;
  /** Set by SCIM DELETE: the row stays for the audit trail. */
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface DomainsTable {
  id: string;
  account_id: string;
  /** Lowercase ASCII (IDN as punycode). Unique per account; across accounts among verified claims. */
  name: string;
  txt_token: string;
  verified_at: string | null;
  last_checked_at: string | null;
  last_check_error: string | null;
  created_at: string;
}

export interface IdpConfigsTable {
  account_id: string;
  idp_entity_id: string | null;
  sso_url: string | null;
  sso_binding: SsoBinding;
  clock_skew_seconds: number;
  allow_idp_initiated: Flag;
  attribute_preset: AttributePreset;
  sign_authn_requests: Flag;
  encrypt_assertions: Flag;
  /** samlify ignores wantMessageSigned on the POST binding: we check the Response signature ourselves. */
  require_signed_response: Flag;
  /** RSA-SHA1 / SHA-1 digests accepted (weak; off by default). */
  allow_sha1: Flag;
  /** IdP metadata URL re-fetched on a schedule (certificate rollover without an admin). */
  metadata_url: string | null;
  /** When the last good copy was fetched and stored. */
  metadata_fetched_at: string | null;
  metadata_checked_at: string | null;
  /** Why the last fetch failed (the last good copy stays in use); null after a good one. */
  metadata_error: string | null;
  /** JSON array of PEM certificates (at most two, for rollover). */
  certificates: string;
  sp_registered_done: Flag;
  scim_done: Flag;
  users_assigned_done: Flag;
  /** Step 5 (migration 0022): users pushed by SCIM, or created just in time at their first SSO sign-in. */
  provisioning: Provisioning;
  /** Without SCIM: a license renews only within this many days of the user's last SSO sign-in. */
  jit_renew_days: number;
  admins_group_name: string | null;
  admins_group_id: string | null;
  desktop_group_name: string | null;
  desktop_group_id: string | null;
  backup_user_id: string | null;
  status: IntegrationStatus;
  activated_at: string | null;
  updated_at: string;
}

export interface ScimTokensTable {
  id: string;
  account_id: string;
  /** SHA-256 of the token, hex. The token itself is shown once and never stored. */
  token_hash: string;
  /** The token's last 4 characters, for the console's list (migration 0018); null before it. */
  last_characters: string | null;
  label: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** SCIM OAuth 2.0 clients (client credentials, RFC 6749 §4.4); see migration 0011. */
export interface ScimClientsTable {
  id: string;
  account_id: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ScimClientSecretsTable {
  id: string;
  client_id: string;
  /** SHA-256 of the secret, hex: the secret is shown once. */
  secret_hash: string;
  /** The secret's last 4 characters, for the console's list (migration 0018); null before it. */
  last_characters: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ScimAccessTokensTable {
  /** SHA-256 of the access token, hex. */
  token_hash: string;
  client_id: string;
  secret_id: string;
  account_id: string;
  created_at: string;
  expires_at: string;
}

export interface ScimRequestCountsTable {
  account_id: string;
  window_start: number | string;
  count: number;
}

export interface LicensesTable {
  id: string;
  account_id: string;
  license_key: string;
  edition: string;
  seats: number;
  device_limit: number;
  expires_at: string;
  created_at: string;
  /**
   * Up to this many % over `seats` (0..100, 0 = off; migration 0029, access/overage.ts).
   * Optional in this type only so writers that leave it out get the column's default, 0.
   */
  overage_percent?: number;
  /** 1: a new device waits for an admin's approval (migration 0039; off by default). */
  device_approval?: number;
}

/** A key the operator issued to no account (`add-license` without --account); registered in the console. */
export interface IssuedLicenseKeysTable {
  id: string;
  license_key: string;
  edition: string;
  seats: number;
  device_limit: number;
  expires_at: string;
  created_at: string;
  /** NULL until an account registers the key (one conditional UPDATE decides who). */
  account_id: string | null;
  registered_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  account_id: string | null;
  actor: string;
  action: string;
  target: string | null;
  /** JSON object, secrets never included. */
  detail: string;
  at: string;
}

/** One workspace grant of a console session: a session is the rows sharing id_hash (migration 0024). */
export interface ConsoleSessionsTable {
  /** SHA-256 of the cookie value, hex. */
  id_hash: string;
  account_id: string;
  user_id: string;
  via: SessionVia;
  created_at: string;
  expires_at: string;
}

export interface UserEmailsTable {
  user_id: string;
  account_id: string;
  /** Lowercased. */
  value: string;
  type: string | null;
  is_primary: Flag;
}

export interface GroupsTable {
  id: string;
  account_id: string;
  display_name: string;
  /** Lowercased displayName, unique per account. */
  display_name_key: string;
  external_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  account_id: string;
  /** The member's display text as the IdP sent it. */
  display: string | null;
  added_at: string;
}

/** `test`: the console's Test connection (console/test-connection.ts): records an outcome, signs nobody in. */
export type SamlPurpose = 'console' | 'activation' | 'test';

export interface SamlRequestsTable {
  /** The AuthnRequest ID, which the IdP echoes as InResponseTo. */
  id: string;
  account_id: string;
  purpose: SamlPurpose;
  email: string | null;
  /** An activation's sign-in at the authorization server: the interaction waiting for this answer. */
  interaction_uid: string | null;
  /** A console sign-in's or Test connection's page to land on after the ACS. */
  return_path: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** The user the SSO sign-in resolved to (activation flow), for the interaction to finish with. */
  result_user_id: string | null;
  /** The failure code when the activation sign-in was refused. */
  result_code: string | null;
  /** The activation log entry of that refusal (shown to the user, looked up by IT). */
  result_reference: string | null;
  /** 1: a console sign-in from "Add a business account", whose grant joins the browser's session (0024). */
  adds_workspace: ColumnType<number, number | undefined, number>;
}

/** A Test connection run (migration 0016); only an account's last finished run is kept. */
export interface ConnectionTestsTable {
  /** The AuthnRequest ID (saml_requests.id with purpose `test`). */
  request_id: string;
  account_id: string;
  /** The admin who started it (account_users.id) and their email, for the audit entry of its result. */
  started_by: string;
  started_by_email: string;
  started_at: string;
  expires_at: string;
  /** JSON {url, fields} of the HTTP-POST binding, until the browser has been handed it. */
  post_form: string | null;
  finished_at: string | null;
  result: 'accepted' | 'refused' | null;
  /** JSON of the decoded, redacted outcome (never the assertion itself). */
  outcome: string | null;
}

export interface SamlReplayTable {
  account_id: string;
  assertion_id: string;
  expires_at: string;
}

export interface ActivationAttemptsTable {
  id: Generated<number>;
  account_id: string | null;
  email: string | null;
  /** discovery | acs | entitlement | activation | check-in */
  stage: string;
  outcome: 'success' | 'failure';
  code: string | null;
  /** JSON: what was decided on, secrets and signature values left out. */
  evidence: string;
  at: string;
}

export interface SpKeysTable {
  account_id: string;
  /** PEM private key sealed with the master key (crypto/master-key.ts). */
  private_key_sealed: string;
  certificate: string;
  created_at: string;
}

export interface SigningKeysTable {
  kid: string;
  purpose: 'license' | 'id_token';
  alg: 'EdDSA' | 'ES256';
  /** The public JWK (JSON), as served in the JWKS. */
  public_jwk: string;
  /** PKCS#8 PEM sealed with the master key. */
  private_key_sealed: string;
  created_at: string;
  retired_at: string | null;
  serve_until: string | null;
}

/** A root of trust (issue 10 item 1): certifies license signing keys. */
export interface TrustRootsTable {
  kid: string;
  /** The public JWK (JSON), as exported into app builds. */
  public_jwk: string;
  /** The private JWK sealed with the master key; null when kept offline. */
  private_key_sealed: string | null;
  created_at: string;
  retired_at: string | null;
}

/** A root's certificate of a signing key: a compact JWS (common/trust-anchor.ts). */
export interface KeyCertificatesTable {
  kid: string;
  root_kid: string;
  certificate: string;
  not_before: string;
  expires_at: string;
  created_at: string;
}

export interface SublicensesTable {
  id: string;
  license_id: string;
  group_id: string;
  seats: number;
  created_at: string;
}

export interface ActivationsTable {
  id: string;
  account_id: string;
  user_id: string;
  license_id: string;
  sublicense_id: string | null;
  device_id: string;
  device_name: string;
  os: string;
  app_version: string;
  created_at: string;
  last_checkin_at: string;
  lease_expires_at: string;
  revoked_at: string | null;
  /** Free text for the console ("deactivated on the device"); the catalog code is revoked_code. */
  revoked_reason: string | null;
  /** Why it was revoked, as a catalog code (migration 0019): what the app is told at check-in. */
  revoked_code: string | null;
  via: 'sso' | 'key';
  /** SHA-256 of the activation secret, for key activations. */
  secret_hash: string | null;
  /**
   * 1: this activation took a seat above its place's count, under the license's overage
   * (migration 0029); optional in this type so writers that leave it out get the default, 0.
   */
  over_count?: number;
}

/** The app's tokens deprovisioning deleted, by their oidc_models key: refused with the reason (migration 0019). */
export interface RevokedTokensTable {
  id: string;
  account_id: string;
  user_id: string;
  code: string;
  revoked_at: string;
  expires_at: string;
}

export interface OidcModelsTable {
  model: string;
  /** A hash of the model and oidc-provider's id (db/oidc-model-keys.ts), never the id itself. */
  id: string;
  /** oidc-provider's JSON payload, sealed with the master key (plain JSON without `jti` in rows from before 0009). */
  payload: string;
  /** Hashed like the id (the Grant row's key); so are uid and user_code. */
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  /** The user the artefact belongs to (oidc-provider calls it accountId; it is account_users.id). */
  user_id: string | null;
  expires_at: string | null;
  consumed_at: string | null;
  /** Migration 0044, AccessToken rows only: the client, the bound key's thumbprint (RFC 9449) and the grant id, for the one-read caller lookup. */
  client_id: string | null;
  jkt: string | null;
  grant_value: string | null;
}

/** One fixed window of one rate-limit bucket (backend/http/rate-limit-store.ts). */
export interface RateLimitsTable {
  key_hash: string;
  count: number;
  expires_at: string;
}

/** The SAML groups claim of a user's last SSO sign-in (migration 0014), for the access check. */
export interface SignInClaimsTable {
  user_id: string;
  account_id: string;
  /** JSON array of the claim's values. */
  groups: string;
  /** Entra sent groups.link instead of groups. */
  overage: Flag;
  seen_at: string;
}

/** An accepted SSO sign-in and the grant it led to (migration 0021): what the licensing API re-checks. */
export interface SsoSignInsTable {
  /** The SAML request's id. */
  id: string;
  account_id: string;
  user_id: string;
  /** JSON array of the groups claim's values at this sign-in. */
  groups: string;
  overage: Flag;
  signed_in_at: string;
  /** oidc-provider's Grant id, set when the interaction finishes. */
  grant_id: string | null;
  expires_at: string;
}

/** Migration 0026: an invitation to the console, by a one-time link (issue 22 item 7). */
export interface InvitationsTable {
  id: string;
  account_id: string;
  /** The local user it sets a password for (created without one at invitation). */
  user_id: string;
  role: InvitationRole;
  /** SHA-256 (hex) of the link's token; the token itself is only in the link. */
  token_hash: string;
  /** The inviter's actor string (`user:<email>`). */
  created_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export type InvitationRole = 'console_admin' | 'backup_login';

/** A device's check-ins on one UTC day (migration 0031), kept by a trigger on activations. */
export interface CheckinDaysTable {
  activation_id: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  account_id: string;
  user_id: string;
  checkins: number;
  first_at: string;
  last_at: string;
}

/** A user added to or removed from a group (migration 0031), for their timeline. */
export interface MembershipChangesTable {
  id: string;
  account_id: string;
  user_id: string;
  group_id: string;
  group_name: string;
  change: 'added' | 'removed';
  /** As the audit log names it (`scim-token:<id>`, `scim-client:<id>`, `user:<email>`). */
  actor: string;
  at: string;
}

/** Seats used / total of one license ('' sublicense) or sublicense on one UTC day (migration 0030). */
export interface SeatSnapshotsTable {
  license_id: string;
  sublicense_id: string;
  day: string;
  account_id: string;
  seats_used: number;
  seats_total: number;
  taken_at: string;
}

/** Per account and past UTC day: activations (code '', also "this day is rolled up") and refusals by code (migration 0030). */
export interface AttemptDaysTable {
  account_id: string;
  day: string;
  code: string;
  count: number;
}

/** The account's last SCIM request and last failed one, written at most once a minute per node (migration 0030). */
export interface ScimHealthTable {
  account_id: string;
  last_request_at: string;
  last_method: string;
  last_path: string;
  last_status: number;
  last_error_at: string | null;
  last_error_status: number | null;
  last_error_path: string | null;
}

/** Migration 0034: an account's event counter; incremented in every event-writing transaction. */
export interface EventSequencesTable {
  account_id: string;
  /** bigint: PostgreSQL answers it as a string. */
  last_seq: number | string;
}

/** Migration 0034: the outbox (issue 24). `data` is JSON valid for its type's schema (common/event-types.ts). */
export interface EventsTable {
  id: string;
  account_id: string;
  seq: number | string;
  type: string;
  occurred_at: string;
  data: string;
}

/** Migration 0034: an account API key (issue 24 item 3), stored hashed. */
export interface ApiKeysTable {
  id: string;
  account_id: string;
  label: string;
  scopes: string;
  key_hash: string;
  last_characters: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A new device waiting for (or given) an admin's approval (migration 0039). */
export interface DeviceApprovalRequestsTable {
  id: string;
  account_id: string;
  license_id: string;
  user_id: string;
  device_id: string;
  device_name: string;
  os: string;
  app_version: string;
  status: 'pending' | 'approved' | 'denied';
  requested_at: string;
  expires_at: string;
  decided_at: string | null;
  decided_by: string | null;
  poll_hash: string;
}

export interface Database {
  accounts: AccountsTable;
  account_users: AccountUsersTable;
  domains: DomainsTable;
  idp_configs: IdpConfigsTable;
  scim_tokens: ScimTokensTable;
  scim_clients: ScimClientsTable;
  scim_client_secrets: ScimClientSecretsTable;
  scim_access_tokens: ScimAccessTokensTable;
  scim_request_counts: ScimRequestCountsTable;
  licenses: LicensesTable;
  issued_license_keys: IssuedLicenseKeysTable;
  audit_log: AuditLogTable;
  console_sessions: ConsoleSessionsTable;
  user_emails: UserEmailsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  saml_requests: SamlRequestsTable;
  saml_replay: SamlReplayTable;
  connection_tests: ConnectionTestsTable;
  activation_attempts: ActivationAttemptsTable;
  sp_keys: SpKeysTable;
  signing_keys: SigningKeysTable;
  sublicenses: SublicensesTable;
  activations: ActivationsTable;
  oidc_models: OidcModelsTable;
  revoked_tokens: RevokedTokensTable;
  trust_roots: TrustRootsTable;
  key_certificates: KeyCertificatesTable;
  rate_limits: RateLimitsTable;
  sign_in_claims: SignInClaimsTable;
  sso_sign_ins: SsoSignInsTable;
  device_approval_requests: DeviceApprovalRequestsTable;
  invitations: InvitationsTable;
  checkin_days: CheckinDaysTable;
  membership_changes: MembershipChangesTable;
  reclamation_policies: ReclamationPoliciesTable;
  job_leases: JobLeasesTable;
  seat_snapshots: SeatSnapshotsTable;
  attempt_days: AttemptDaysTable;
  scim_health: ScimHealthTable;
  event_sequences: EventSequencesTable;
  events: EventsTable;
  api_keys: ApiKeysTable;
  seat_holders: SeatHoldersTable;
  seat_counts: SeatCountsTable;
  detector_states: DetectorStatesTable;
  notification_rules: NotificationRulesTable;
  notification_cursors: NotificationCursorsTable;
  notification_facts: NotificationFactsTable;
  notification_messages: NotificationMessagesTable;
  notification_unsubscribe_tokens: NotificationUnsubscribeTokensTable;
  app_invitations: AppInvitationsTable;
  app_invitation_settings: AppInvitationSettingsTable;
  dpop_proofs: DpopProofsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

/** Migration 0041: a user holding a seat of a place ('' = the desktop-users pool), kept by triggers. */
export interface SeatHoldersTable {
  license_id: string;
  place_key: string;
  user_id: string;
  /** The user's live activations in the place. */
  devices: number;
}

/** Migration 0041: a place's seat holders, kept by triggers on activations in the same transaction. */
export interface SeatCountsTable {
  license_id: string;
  place_key: string;
  holders: number;
}

/** Issue 23 item 2 (migration 0028): a license's "release devices silent for N days"; no row = off. */
export interface ReclamationPoliciesTable {
  license_id: string;
  account_id: string;
  silent_days: number;
  updated_at: string;
  updated_by: string;
}

/** One periodic job that runs once across nodes: who holds it until when, when it last finished. */
export interface JobLeasesTable {
  name: string;
  holder: string | null;
  lease_expires_at: string;
  last_run_at: string | null;
}

/** Migration 0037: the state a detector last told, per account and subject (events/detector-state.ts). */
export interface DetectorStatesTable {
  account_id: string;
  /** `certificate:<SHA-256 fingerprint>`, `metadata`, `scim`. */
  subject: string;
  state: string;
  /** When the subject entered this state (ISO). */
  since: string;
}

/** Issue 25 item 3 (migration 0038): an end user invited to install and activate the app. */
export interface AppInvitationsTable {
  id: string;
  account_id: string;
  email: string;
  /** Lowercased email: unique per account. */
  email_key: string;
  group_name: string | null;
  /** SHA-256 of the landing page's token (hex); NULL until a link was made. */
  token_hash: string | null;
  created_by: string;
  created_at: string;
  send_state: 'queued' | 'sent' | 'failed' | 'not_sent';
  claim_holder: string | null;
  claim_expires_at: string | null;
  sent_at: string | null;
  /** The SMTP error in words, when the last send failed. */
  failure: string | null;
  opened_at: string | null;
  activated_at: string | null;
  revoked_at: string | null;
}

export interface AppInvitationSettingsTable {
  account_id: string;
  download_url: string;
  updated_at: string;
  updated_by: string;
}

/** Issue 26 item 3 (migration 0040): DPoP proofs seen, until their window ends (RFC 9449 §11.1). */
export interface DpopProofsTable {
  id: string;
  expires_at: string;
}

/** Migration 0035: a webhook endpoint (issue 24 item 2, docs/webhooks.md). */
export interface WebhookEndpointsTable {
  id: string;
  account_id: string;
  url: string;
  description: string;
  event_types: string | null;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: string | null;
  cursor: number | string;
  disabled_at: string | null;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
}

/** Migration 0035: one event to one endpoint, until delivered or given up. */
export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  account_id: string;
  event_id: string;
  event_seq: number | string;
  event_type: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  schedule_step: number;
  next_attempt_at: string | null;
  claimed_by: string | null;
  claim_expires_at: string | null;
  last_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
}

/** Migration 0035: one HTTP attempt of a delivery. */
export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  started_at: string;
  status_code: number | null;
  latency_ms: number;
  response_excerpt: string | null;
  error: string | null;
}
