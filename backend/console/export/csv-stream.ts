// A console list as CSV, streamed page by page from the list's own keyset
// query: one page (≤ 500 rows) in memory at a time, and the response starts
// before the last page is read. Any list can use it (issue 23 item 7):
// give it columns and a function that reads one page after a cursor.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';

export type CsvCell = string | number | boolean | null;

export interface CsvColumn<T> {
  header: string;
  cell: (row: T) => CsvCell;
}

/** One page of a list after `cursor` (null = the first), as the console lists answer it. */
export type PageReader<T> = (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>;

/** The rows a page holds, in the export's order: raw rows may be described a page at a time (e.g. users' groups). */
export type PageView<R, T> = (items: R[]) => Promise<T[]> | T[];

/**
 * A cell a spreadsheet would run as a formula begins with = + - @ tab or CR:
 * it gets a leading single quote and is quoted (OWASP, "CSV Injection").
 */
const formulaStart = /^[=+\-@\t\r]/;

export function safeCell(value: CsvCell): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? value : String(value);
  return formulaStart.test(text) ? `'${text}` : text;
}

const options = { quoted_match: /^'[=+\-@\t\r]/, record_delimiter: 'windows' } as const;

/** Every page of the list, one after the other (the cursor of each reads the next). */
export async function* allPages<R>(read: PageReader<R>): AsyncGenerator<R[]> {
  let cursor: string | null = null;
  do {
    const page: { items: R[]; nextCursor: string | null } = await read(cursor);
    yield page.items;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/** The CSV text, chunk by chunk: the header line, then one chunk per page. */
export async function* csvChunks<R, T>(
  columns: readonly CsvColumn<T>[],
  pages: AsyncIterable<R[]>,
  view: PageView<R, T>,
): AsyncGenerator<string> {
  yield stringify([columns.map((c) => safeCell(c.header))], options);
  for await (const items of pages) {
    if (items.length === 0) continue;
    const rows = await view(items);
    yield stringify(
      rows.map((row) => columns.map((c) => safeCell(c.cell(row)))),
      options,
    );
  }
}

/** "Acme Corp." → "acme-corp": the account's part of a download's file name. */
export function fileSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'account';
}

/** Sends the chunks as a CSV download named `file` (the stream's backpressure paces the page reads). */
export function sendCsv(reply: FastifyReply, file: string, chunks: AsyncIterable<string>): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(chunks, { highWaterMark: 1 }));
}
