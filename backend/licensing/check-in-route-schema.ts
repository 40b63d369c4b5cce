// The check-in route's schemas, compiled by Fastify once at start-up: the
// path id checked by ajv (a UUID, so a NUL or anything else is a 400 before the
// handler runs, mapped to the API's format by http/error-mapper.ts), and the
// 200 answer written by fast-json-stringify rather than JSON.stringify. Every
// device checks in every day: this is the service's hottest route (issue 27
// item 3). Refusals are not 200s and keep their catalog body as they are.
import type { FastifySchema } from 'fastify';

const uuidPattern =
  '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$';

export interface CheckInParams {
  id: string;
}

export const checkInRouteSchema = {
  params: {
    type: 'object',
    // zod's z.uuid() as a pattern (ajv's "uuid" format would also take a "urn:uuid:" prefix).
    properties: { id: { type: 'string', pattern: uuidPattern } },
    required: ['id'],
    additionalProperties: false,
  },
  response: {
    // The IssuedLicense of licensing/activations.ts, field for field.
    200: {
      type: 'object',
      properties: {
        activationId: { type: 'string' },
        license: { type: 'string' },
        leaseExpiresAt: { type: 'string' },
      },
      required: ['activationId', 'license', 'leaseExpiresAt'],
      additionalProperties: false,
    },
  },
} as const satisfies FastifySchema;
