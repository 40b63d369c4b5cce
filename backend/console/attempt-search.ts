// The activation log's search fields as the console sends them: email (its
// start), code, outcome, reference number and time range; lists/attempt-list.ts
// pages them. Evidence was redacted when it was written (saml/activation-log.ts).
import type { Attempt } from '../../common/console-api.ts';
import { z } from 'zod';
import { parseTypedReference } from '../../common/failure-reference.ts';

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
