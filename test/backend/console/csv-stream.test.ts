// The streamed CSV writer every export uses: it reads the next page only when
// its reader asks for more, so one page is in memory at a time, whatever the
// list's length (issue 23 item 7). The pages here come from an array standing
// in for a keyset query (the HTTP tests in console-export.test.ts use the real ones).
import { expect, test } from 'vitest';
import { allPages, csvChunks, fileSlug, safeCell } from '../../../backend/console/export/csv-stream.ts';
import { parseCsv } from '../../support/parse-csv.ts';

const columns = [{ header: 'n', cell: (row: number) => row }];

test('the writer reads one page per chunk its reader takes, never ahead to the end', async () => {
  let reads = 0;
  const pages = allPages(async (cursor) => {
    reads++;
    const at = cursor === null ? 0 : Number(cursor);
    return { items: [at, at + 1], nextCursor: at + 2 < 1_000 ? String(at + 2) : null };
  });
  const chunks = csvChunks(columns, pages, (rows) => rows);
  expect((await chunks.next()).value).toBe('n\r\n');
  expect(reads).toBe(0);
  expect((await chunks.next()).value).toBe('0\r\n1\r\n');
  await chunks.next();
  expect(reads).toBe(2);
  let text = '';
  for await (const chunk of chunks) text += chunk;
  expect(reads).toBe(500);
  expect(parseCsv(text).at(-1)).toEqual(['999']);
});

test('formula starts get a leading apostrophe; other text and numbers are kept as they are', () => {
  expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(safeCell)).toEqual([
    "'=1+1",
    "'+1",
    "'-1",
    "'@SUM(A1)",
    "'\tx",
    "'\rx",
  ]);
  expect([safeCell('a=b'), safeCell(42), safeCell(null), safeCell(true)]).toEqual(['a=b', '42', '', 'true']);
  expect([fileSlug('Acme Co.'), fileSlug('***')]).toEqual(['acme-co', 'account']);
});
