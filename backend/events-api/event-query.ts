// The events API's query string, validated (issue 24 item 3): `after` is a
// cursor from an earlier answer (a decimal number, 0 = from the oldest kept),
// `types` a comma-separated list of known types, `limit` 1..1000.
import { z } from 'zod';
import { eventTypes, isEventType, type EventType } from '../../common/event-types.ts';
import type { EventsQuery } from '../events/read-events.ts';

export const maxEventsPerPage = 1000;

export const eventsQueryInput = z
  .object({
    after: z
      .string()
      .regex(/^\d{1,15}$/, 'must be a cursor from an earlier answer (a number), or 0')
      .optional(),
    types: z
      .string()
      .max(2000)
      .refine((s) => s.split(',').every((t) => isEventType(t.trim())), {
        message: `must be a comma-separated list of: ${Object.keys(eventTypes).join(', ')}`,
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(maxEventsPerPage).optional(),
  })
  .strict();

export function toEventsQuery(input: z.infer<typeof eventsQueryInput>): EventsQuery {
  const types = input.types === undefined ? null : [...new Set(input.types.split(',').map((t) => t.trim()))];
  return {
    after: Number(input.after ?? '0'),
    types: types as EventType[] | null,
    limit: input.limit ?? 100,
  };
}
