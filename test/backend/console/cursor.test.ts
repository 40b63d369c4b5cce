import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../backend/http/api-error.ts';
import { decodeCursor, encodeCursor, pageOf } from '../../../backend/console/cursor.ts';

describe('console list cursors', () => {
  it('gives back the key it was made from', () => {
    expect(decodeCursor(encodeCursor(['2026-12-07T10:00:00.000Z', 'u-1']), 2)).toEqual([
      '2026-12-07T10:00:00.000Z',
      'u-1',
    ]);
  });

  it.each([['garbage!'], [encodeCursor(['a'])], [Buffer.from('{"__proto__":1}').toString('base64url')]])(
    'refuses a cursor it did not give out (%s) with a 400 naming the field',
    (cursor) => {
      let error: unknown;
      try {
        decodeCursor(cursor, 2);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
      expect((error as ApiError).field).toBe('cursor');
    },
  );

  it('says another page exists only when the extra row came back', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const full = pageOf(
      rows,
      2,
      (r) => [r.n],
      (r) => r.n,
    );
    expect(full.items).toEqual([1, 2]);
    expect(decodeCursor(full.nextCursor ?? '', 1)).toEqual([2]);
    expect(
      pageOf(
        rows,
        3,
        (r) => [r.n],
        (r) => r.n,
      ).nextCursor,
    ).toBeNull();
  });
});
