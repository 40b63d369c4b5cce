// Every event a test reads is checked against its type's JSON Schema
// (common/event-types.ts), as the events API's consumers would.
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { eventTypes, type AccountEvent } from '../../common/event-types.ts';
import { readEvents } from '../../backend/events/read-events.ts';
import type { Db } from '../../backend/db/types.ts';

const ajv = new Ajv({ strict: true, allErrors: true });
const validators = new Map(Object.entries(eventTypes).map(([name, t]) => [name, ajv.compile(t.data)]));

export function expectValidEvents(events: readonly AccountEvent[]): void {
  for (const e of events) {
    const validate = validators.get(e.type);
    expect(validate, `a schema for ${e.type}`).toBeDefined();
    expect(validate?.(e.data), `${e.type} ${JSON.stringify(validate?.errors)}`).toBe(true);
  }
}

/** The account's events (all of them, in order), each valid for its schema. */
export async function accountEvents(db: Db, accountId: string): Promise<AccountEvent[]> {
  const { events } = await readEvents(db, accountId, { after: 0, types: null, limit: 10_000 });
  expectValidEvents(events);
  return events;
}

/** A clock the test moves by hand. */
export function handClock(start = Date.now()) {
  let at = start;
  return {
    now: () => new Date(at),
    set: (ms: number) => void (at = ms),
    advance: (ms: number) => void (at += ms),
  };
}
