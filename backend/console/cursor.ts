// Keyset ("seek") pagination for every console list: a page ends with an
// opaque cursor naming the last row's sort key, and the next page starts
// strictly after it. Unlike OFFSET, a page costs the same at row 5 and at
// row 150,000, and rows written meanwhile neither repeat nor vanish.
import { z } from 'zod';
import { ApiError } from '../http/api-error.ts';

/** The sort key of a list's last row: its ordered column(s), ending with a unique tiebreaker. */
export type CursorKey = readonly (string | number)[];

const keySchema = z
  .array(z.union([z.string().max(512), z.number().finite()]))
  .min(1)
  .max(4);

/** The opaque cursor for the row after `key` (base64url JSON; it grants nothing, it is only a position). */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key inside a cursor the client sent back; anything else is the console API's 400, never a 500. */
export function decodeCursor(cursor: string, arity: number): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const key = keySchema.safeParse(parsed);
  if (!key.success || key.data.length !== arity) {
    throw new ApiError(400, 'invalid_input', 'cursor: not a cursor this list gave out', { field: 'cursor' });
  }
  return key.data;
}

/** The `cursor` query parameter as a zod field (absent = the first page). */
export const cursorParam = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this list gave out')
  .optional();

/**
 * A page from rows fetched with `limit + 1`: the extra row only says another page exists,
 * and the cursor names the last row that is returned.
 */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => CursorKey,
  view: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { items: kept.map(view), nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
