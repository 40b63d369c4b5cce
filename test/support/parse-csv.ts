// CSV read back into rows with csv-parse (RFC 4180: quoted cells, "" inside
// quotes, CRLF or LF line ends): enough to check what the console's exports wrote.
import { parse } from 'csv-parse/sync';

export function parseCsv(text: string): string[][] {
  return parse(text, { relax_column_count: true, bom: true }) as string[][];
}
