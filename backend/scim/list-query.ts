// Query parameters of a SCIM list (RFC 7644 §3.4.2): filter, paging, projection.
import { z } from 'zod';
import { badRequest } from './scim-error.ts';

const listSchema = z
  .object({
    filter: z.string().max(2000).optional(),
    startIndex: z.coerce.number().int().optional(),
    count: z.coerce.number().int().optional(),
    attributes: z.string().max(2000).optional(),
    excludedAttributes: z.string().max(2000).optional(),
  })
  .loose();

export interface ListQuery {
  filter: string | undefined;
  /** 1-based (RFC 7644 §3.4.2.4); values below 1 are read as 1. */
  startIndex: number;
  count: number;
  attributes: string[] | undefined;
  excludedAttributes: string[] | undefined;
}

export const maxPageSize = 200;
const split = (s: string | undefined) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

export function parseListQuery(query: unknown): ListQuery {
  const parsed = listSchema.safeParse(query ?? {});
  if (!parsed.success)
    throw badRequest(`invalid query: ${parsed.error.issues[0]?.message ?? ''}`, 'invalidValue');
  const q = parsed.data;
  return {
    filter: q.filter,
    startIndex: Math.max(1, q.startIndex ?? 1),
    count: Math.min(maxPageSize, Math.max(0, q.count ?? 100)),
    attributes: split(q.attributes),
    excludedAttributes: split(q.excludedAttributes),
  };
}

/** Counts all matches and reads one page of them; `count=0` asks for the total only (RFC 7644 §3.4.2.4). */
export async function countAndPage<Row>(
  query: ListQuery,
  count: () => Promise<{ n: string | number }>,
  page: (limit: number, offset: number) => Promise<Row[]>,
): Promise<{ total: number; rows: Row[] }> {
  const total = Number((await count()).n);
  const rows = query.count === 0 ? [] : await page(query.count, query.startIndex - 1);
  return { total, rows };
}
