// The stable shapes of `latchkey --json` (JSON Schema, draft-07), for QA
// scripts: `activate`, `status`, `check-in` and `deactivate` print the state
// the device ended in (common/desktop-api.ts ActivationState) with its exit
// code; `doctor` prints its checks; a refused command prints an error object
// (all of them on stdout). `latchkey schema state|doctor|error` prints them. Fields are only
// ever added; a renamed or removed field is a breaking change.
// ISO 8601 in UTC, as Date#toISOString writes it.
import { cliPolicySchema } from './cli-policy-schema.ts';
const isoTime = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$',
} as const;
const exitCode = { type: 'integer', minimum: 0, maximum: 255 } as const;

const licenseSummary = {
  type: 'object',
  additionalProperties: false,
  required: [
    'licensedTo',
    'holderName',
    'requestedEmail',
    'edition',
    'subscriptionEndsAt',
    'leaseEndsAt',
    'renewAfter',
    'lease',
    'offline',
    'lastCheckInAt',
    'via',
    'serverUrl',
    'activationId',
  ],
  properties: {
    licensedTo: { type: 'string', description: "the holder's email as the signed license names them" },
    holderName: {
      type: ['string', 'null'],
      description: "the holder's display name from the signed license",
    },
    requestedEmail: {
      type: ['string', 'null'],
      description: "the email typed for the activation, only when it is not the holder's",
    },
    edition: { type: 'string' },
    subscriptionEndsAt: isoTime,
    leaseEndsAt: isoTime,
    renewAfter: isoTime,
    lease: { enum: ['valid', 'renewal-due', 'expired'] },
    offline: { type: 'boolean' },
    lastCheckInAt: isoTime,
    via: { enum: ['sso', 'key'] },
    serverUrl: { type: 'string' },
    activationId: { type: 'string' },
  },
} as const;

const failureView = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message', 'askIt', 'reference', 'reason', 'detail', 'at', 'tried'],
  properties: {
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'a code of common/failure-codes.ts' },
    message: { type: 'string' },
    askIt: { type: 'string' },
    reference: {
      type: ['string', 'null'],
      description: 'the activation log reference, when the service gave one',
    },
    reason: {
      type: ['string', 'null'],
      pattern: '^[A-Z][A-Z0-9_]*$',
      description:
        'why, as a code of common/failure-codes.ts, where the code alone does not say (ACTIVATION_REVOKED); message and askIt are its words',
    },
    detail: { type: 'string' },
    at: isoTime,
    tried: {
      type: ['object', 'null'],
      description: 'the activation that failed: the email typed and the way; null for a check-in',
      additionalProperties: false,
      required: ['email', 'via'],
      properties: { email: { type: 'string' }, via: { enum: ['sso', 'key'] } },
    },
  },
} as const;

/** One phase of the state, with the fields that phase carries. */
const phase = (name: string, fields: Record<string, unknown>, optional: Record<string, unknown> = {}) => ({
  type: 'object',
  additionalProperties: false,
  required: ['phase', 'exitCode', ...Object.keys(fields)],
  properties: { phase: { const: name }, exitCode, ...fields, ...optional },
});

export const cliStateSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://latchkey.dev/schemas/cli-state.json',
  title: 'latchkey activate | status | check-in | deactivate --json',
  oneOf: [
    phase('idle', {}, { notice: { type: 'string' } }),
    phase('waiting-for-browser', { email: { type: 'string' }, authorizationUrl: { type: 'string' } }),
    phase('exchanging', { email: { type: 'string' } }),
    phase(
      'activating',
      { email: { type: 'string' } },
      // Waiting for the IT team to approve this computer (issue 26 item 4).
      {
        approval: {
          type: 'object',
          additionalProperties: false,
          required: ['expiresAt'],
          properties: { expiresAt: { type: 'string' } },
        },
      },
    ),
    phase('activated', { license: licenseSummary }),
    phase('failed', { failure: failureView }),
  ],
} as const;

export const cliDoctorSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://latchkey.dev/schemas/cli-doctor.json',
  title: 'latchkey doctor --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'checks', 'exitCode'],
  properties: {
    ok: { type: 'boolean' },
    exitCode,
    checks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'ok', 'detail'],
        properties: {
          name: { enum: ['server', 'clock', 'keychain', 'trust', 'license', 'lease', 'network', 'policy'] },
          ok: { type: 'boolean' },
          info: {
            const: true,
            description: 'information, not a verdict: nothing to fix (a device not activated yet)',
          },
          detail: { type: 'string' },
        },
      },
    },
  },
} as const;

/** Printed (to stdout, like every --json answer) when a command is refused: usage, bad input, not now. */
export const cliErrorSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://latchkey.dev/schemas/cli-error.json',
  title: 'latchkey --json, a refused command',
  type: 'object',
  additionalProperties: false,
  required: ['error', 'exitCode'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: {
        code: {
          enum: ['USAGE', 'BAD_INPUT', 'NOT_ACTIVATED', 'ALREADY_ACTIVATED', 'FAILED', 'POLICY_REFUSED'],
          description:
            'USAGE: the command line (unknown option or command, missing or malformed option); BAD_INPUT: a value refused (email, key, LATCHKEY_SERVER_URL); NOT_ACTIVATED; ALREADY_ACTIVATED; FAILED: anything else; POLICY_REFUSED: the organisation’s managed settings do not allow it (docs/managed-deployment.md)',
        },
        message: { type: 'string' },
      },
    },
    exitCode,
  },
} as const;

export const cliSchemas = {
  state: cliStateSchema,
  doctor: cliDoctorSchema,
  error: cliErrorSchema,
  policy: cliPolicySchema,
} as const;
