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
      by: { enum: ['device', 'admin'] },
    }),
  },
  'user.provisioned': {
    description: 'The directory (SCIM) created a user, or linked an existing local user.',
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
  'device.released': { activationId: string; by: 'device' | 'admin' };
  'user.provisioned': { userId: string; userName: string; externalId: string | null; active: boolean };
  'user.deactivated': { userId: string; userName: string };
  'user.deleted': { userId: string; userName: string };
  'group.member_added': { groupId: string; groupName: string; userId: string };
  'group.member_removed': { groupId: string; groupName: string; userId: string };
  'integration.activated': { actor: string };
  'integration.deactivated': { actor: string };
  'signing_key.rotated': { kid: string };
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
