// The events an account can read (issue 24): each type's name, what it means
// and its data's JSON Schema (draft-07). The events API, the CLI and (later)
// webhooks hand out exactly these shapes. Data never holds a secret, token,
// password or SAML assertion: ids, names and codes only. Fields are only ever
// added; a renamed or removed field is a breaking change.
const uuid = { type: 'string', minLength: 1 } as const;
const nullableString = { type: ['string', 'null'] } as const;

function object<const P extends Record<string, unknown>>(properties: P) {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties) as (keyof P & string)[],
    properties,
  } as const;
}

const userRef = object({
  userId: { ...uuid, description: 'the directory user' },
  userName: { type: 'string', description: 'their SCIM userName (usually the email)' },
});

const membership = object({
  groupId: uuid,
  groupName: { type: 'string', description: 'the group name at the time of the change' },
  userId: uuid,
});

export const eventTypes = {
  'activation.succeeded': {
    description: 'A device was activated (or activated again) and received a signed license.',
    data: object({
      activationId: uuid,
      userId: uuid,
      deviceId: { type: 'string' },
      deviceName: { type: 'string' },
      licenseId: uuid,
      via: { enum: ['sso', 'key'] },
    }),
  },
  'activation.refused': {
    description:
      'An activation, sign-in or check-in was refused. `reference` is the activation log entry the user was shown.',
    data: object({
      code: { type: 'string', description: 'the failure code (docs/failure-codes.md)' },
      reference: { type: 'integer', description: 'the activation log reference shown to the user' },
      stage: { enum: ['discovery', 'acs', 'entitlement', 'activation', 'check-in', 'deactivation'] },
      email: nullableString,
    }),
  },
  'device.released': {
    description:
      'An activation ended and its seat was freed: deactivated on the device or revoked by an admin.',
    data: object({
      activationId: uuid,
      by: {
        enum: ['device', 'admin', 'user'],
        description: 'user: the holder released it from another device',
      },
    }),
  },
  'user.provisioned': {
    description:
      'The directory (SCIM) created a user or linked an existing local user; or, without SCIM, a first SSO sign-in created one just in time.',
    data: object({
      userId: uuid,
      userName: { type: 'string' },
      externalId: nullableString,
      active: { type: 'boolean' },
    }),
  },
  'user.deactivated': {
    description: 'The directory set a user inactive; their activations were revoked.',
    data: userRef,
  },
  'user.deleted': {
    description: 'The directory deleted a user; their activations were revoked.',
    data: userRef,
  },
  'group.member_added': {
    description: 'A user joined a group (SCIM).',
    data: membership,
  },
  'group.member_removed': {
    description: 'A user left a group (SCIM).',
    data: membership,
  },
  'integration.activated': {
    description: "The account's IdP integration was turned on.",
    data: object({ actor: { type: 'string', description: 'who did it, as the audit log names them' } }),
  },
  'integration.deactivated': {
    description: "The account's IdP integration was turned off.",
    data: object({ actor: { type: 'string', description: 'who did it, as the audit log names them' } }),
  },
  'signing_key.rotated': {
    description:
      "The service's license signing key was rotated; licenses signed before verify until their lease ends.",
    data: object({ kid: { type: 'string', description: 'the new key id' } }),
  },
  // Written by the detectors (issue 24 item 1): once per state change, never per run.
  'certificate.expiring': {
    description: "An IdP signing certificate of the account's integration expires in 30, 7 or 1 days.",
    data: object({
      fingerprint: { type: 'string', description: 'SHA-256 of the certificate, hex' },
      subject: { type: 'string' },
      notAfter: { type: 'string', description: 'ISO 8601 time' },
      daysLeft: { enum: [30, 7, 1] },
    }),
  },
  'certificate.expired': {
    description: 'An IdP signing certificate of the integration has expired: sign-ins it signs are refused.',
    data: object({
      fingerprint: { type: 'string' },
      subject: { type: 'string' },
      notAfter: { type: 'string', description: 'ISO 8601 time' },
    }),
  },
  'metadata.fetch_failed': {
    description: 'The IdP metadata URL could not be fetched or read (told once per failing streak).',
    data: object({
      url: { type: 'string' },
      error: { type: 'string', description: 'what went wrong, in words (no response body)' },
      failingSince: { type: 'string', description: 'ISO 8601 time' },
    }),
  },
  'scim.silent': {
    description: 'No SCIM request arrived for 24 hours although the directory had been provisioning.',
    data: object({
      lastRequestAt: { type: 'string', description: 'ISO 8601 time' },
      silentHours: { type: 'number' },
    }),
  },
  'seats.threshold_reached': {
    description: "A license's seats in use reached 90 % or 100 % of its seats.",
    data: object({
      licenseId: uuid,
      licenseName: { type: 'string' },
      seatsUsed: { type: 'integer' },
      seats: { type: 'integer' },
      threshold: { enum: [90, 100] },
    }),
  },
  'device.reclaimed': {
    description: "A device silent past its license's reclamation period was released and its seat freed.",
    data: object({
      activationId: uuid,
      userId: uuid,
      licenseId: uuid,
      silentDays: { type: 'integer' },
    }),
  },
  'webhook.endpoint_disabled': {
    description: 'A webhook endpoint was disabled after a day of failed deliveries.',
    data: object({
      endpointId: uuid,
      url: { type: 'string' },
      failingSince: { type: 'string', description: 'ISO 8601 time' },
    }),
  },
  'webhook.test': {
    description: 'Sent by "Send test event" to one endpoint only; never in the events API.',
    data: object({ endpointId: uuid }),
  },
  'device.approval_requested': {
    description: "A new device asked to be activated under a license that needs an admin's approval.",
    data: object({ requestId: uuid, userId: uuid, licenseId: uuid, deviceName: { type: 'string' } }),
  },
  'device.approved': {
    description: 'An admin approved a new device; it activates on its next poll.',
    data: object({ requestId: uuid, userId: uuid, actor: { type: 'string' } }),
  },
  'device.denied': {
    description: 'An admin denied a new device.',
    data: object({ requestId: uuid, userId: uuid, actor: { type: 'string' } }),
  },
} as const;

export type EventType = keyof typeof eventTypes;

export const isEventType = (name: string): name is EventType => Object.hasOwn(eventTypes, name);

/** Each type's data, as TypeScript sees the schema above. */
export interface EventData {
  'activation.succeeded': {
    activationId: string;
    userId: string;
    deviceId: string;
    deviceName: string;
    licenseId: string;
    via: 'sso' | 'key';
  };
  'activation.refused': {
    code: string;
    reference: number;
    stage: 'discovery' | 'acs' | 'entitlement' | 'activation' | 'check-in' | 'deactivation';
    email: string | null;
  };
  'device.released': { activationId: string; by: 'device' | 'admin' | 'user' };
  'user.provisioned': { userId: string; userName: string; externalId: string | null; active: boolean };
  'user.deactivated': { userId: string; userName: string };
  'user.deleted': { userId: string; userName: string };
  'group.member_added': { groupId: string; groupName: string; userId: string };
  'group.member_removed': { groupId: string; groupName: string; userId: string };
  'integration.activated': { actor: string };
  'integration.deactivated': { actor: string };
  'signing_key.rotated': { kid: string };
  'certificate.expiring': { fingerprint: string; subject: string; notAfter: string; daysLeft: 30 | 7 | 1 };
  'certificate.expired': { fingerprint: string; subject: string; notAfter: string };
  'metadata.fetch_failed': { url: string; error: string; failingSince: string };
  'scim.silent': { lastRequestAt: string; silentHours: number };
  'seats.threshold_reached': {
    licenseId: string;
    licenseName: string;
    seatsUsed: number;
    seats: number;
    threshold: 90 | 100;
  };
  'device.reclaimed': { activationId: string; userId: string; licenseId: string; silentDays: number };
  'webhook.endpoint_disabled': { endpointId: string; url: string; failingSince: string };
  'webhook.test': { endpointId: string };
  'device.approval_requested': { requestId: string; userId: string; licenseId: string; deviceName: string };
  'device.approved': { requestId: string; userId: string; actor: string };
  'device.denied': { requestId: string; userId: string; actor: string };
}

export type NewEvent = { [T in EventType]: { type: T; data: EventData[T] } }[EventType];

/** One event as the events API answers it. `cursor` is what `after=` takes to read on from it. */
export interface AccountEvent {
  id: string;
  cursor: string;
  type: EventType;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface EventsPage {
  events: AccountEvent[];
  /** Read on with `after=<next>`; equal to `after` when nothing new was there. */
  next: string;
}
