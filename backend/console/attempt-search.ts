// The activation log as the console searches it: by email (contains), code,
// reference number and time range, newest first. Evidence was redacted when
// it was written (saml/activation-log.ts).
import { sql } from 'kysely';
import type { Attempt } from '../../common/console-api.ts';
import { z } from 'zod';
import { parseTypedReference } from '../../common/failure-reference.ts';
import type { Db } from '../db/types.ts';

export const attemptSearchQuery = z
  .object({
    email: z.string().trim().max(254).optional(),
    code: z
      .string()
      .regex(/^[A-Z_]{1,64}$/, { message: 'must be a failure code like USER_NOT_IN_GROUP' })
      .optional(),
    outcome: z.enum(['success', 'failure']).optional(),
    // As typed in the console ("USER_NOT_IN_GROUP ref:42", "#42", "42"); anything else is a field
    // error, never an unfiltered list.
    reference: z
      .string()
      .max(100)
      .transform((typed, ctx) => {
        const reference = parseTypedReference(typed);
        if (reference !== null) return reference;
        ctx.addIssue({
          code: 'custom',
          message: 'must be a reference like "USER_NOT_IN_GROUP ref:42" or 42',
        });
        return z.NEVER;
      })
      .optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export type AttemptSearch = z.infer<typeof attemptSearchQuery>;

/** An attempt as the console API answers it (common/console-api.ts). */
export type AttemptView = Attempt;

export async function searchAttempts(db: Db, accountId: string, s: AttemptSearch): Promise<AttemptView[]> {
  let query = db.selectFrom('activation_attempts').selectAll().where('account_id', '=', accountId);
  if (s.email) {
    const pattern = `%${s.email.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql`lower(coalesce(email, ''))`, 'like', sql`${pattern} escape '\\'`);
  }
  if (s.code) query = query.where('code', '=', s.code);
  if (s.outcome) query = query.where('outcome', '=', s.outcome);
  if (s.reference !== undefined) query = query.where('id', '=', s.reference);
  if (s.from) query = query.where('at', '>=', new Date(s.from).toISOString());
  if (s.to) query = query.where('at', '<=', new Date(s.to).toISOString());
  const rows = await query.orderBy('id', 'desc').limit(s.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    email: r.email,
    stage: r.stage,
    outcome: r.outcome,
    code: r.code,
    evidence: JSON.parse(r.evidence) as Record<string, unknown>,
    at: r.at,
  }));
}
