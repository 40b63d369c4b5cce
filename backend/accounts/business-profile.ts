// The Business Profile's General section (issue 22 item 2): the company name
// (the workspace name shown everywhere else), the primary and billing
// contacts, and the account's domains at a glance. Every field is checked
// before anything is written; a change is written with its audit entry in one
// transaction, so bad input leaves the profile as it was.
import { z } from 'zod';
import type { BusinessProfile, ProfileContact } from '../../common/console-api.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Selectable } from 'kysely';
import type { AccountsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { findNul } from '../http/nul-bytes.ts';
import { emailSchema } from './account-service.ts';

// Printable text only: a name is shown in the console's header and in audit lines.
const hasControlCharacter = (s: string): boolean =>
  [...s].some((ch) => (ch.codePointAt(0) ?? 0) < 0x20 || ch === '\u007f');
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => !hasControlCharacter(s), { message: 'must not contain control characters' });

// E.164 allows 15 digits; people type spaces, dashes, dots and brackets around them.
const phoneSchema = z
  .string()
  .trim()
  .max(40, { message: 'must be at most 40 characters' })
  .regex(/^\+?[0-9 ().-]*$/, { message: 'must be a phone number: digits, spaces, + ( ) - .' })
  .refine((p) => p === '' || (p.replace(/\D/g, '').length >= 5 && p.replace(/\D/g, '').length <= 15), {
    message: 'must have 5 to 15 digits',
  })
  .transform((p) => p || null);

const contactSchema = z
  .object({ name: text(200), email: emailSchema, phone: phoneSchema.nullish().transform((p) => p ?? null) })
  .strict();

export const profileUpdateInput = z
  .object({
    name: text(200),
    contacts: z.object({ primary: contactSchema.nullable(), billing: contactSchema.nullable() }).strict(),
  })
  .strict();

export type ProfileUpdate = z.infer<typeof profileUpdateInput>;

/**
 * Validates the whole update: a 400 naming the first field at fault (`field`, as parseInput does)
 * and, in `details.fields`, every field at fault with its message, so a form marks them all at once.
 */
export function parseProfileUpdate(body: unknown): ProfileUpdate {
  const nulAt = findNul(body);
  if (nulAt !== null)
    throw new ApiError(400, 'invalid_input', `${nulAt || 'body'}: must not contain NUL characters`, {
      ...(nulAt && { field: nulAt }),
    });
  const result = profileUpdateInput.safeParse(body);
  if (result.success) return result.data;
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const issue of result.error.issues) {
    const path =
      issue.code === 'unrecognized_keys'
        ? [...issue.path.map(String), issue.keys[0] ?? ''].join('.')
        : issue.path.map(String).join('.');
    const message =
      issue.code === 'unrecognized_keys' ? `unknown field "${issue.keys.join('", "')}"` : issue.message;
    fields[path || 'body'] ??= message;
  }
  const [field, message] = Object.entries(fields)[0] ?? ['body', 'invalid input'];
  throw new ApiError(400, 'invalid_input', `${field}: ${message}`, {
    ...(field !== 'body' && { field }),
    details: { fields: { ...fields } },
  });
}

type ContactSlot = 'primary' | 'billing';

function contactOf(row: Selectable<AccountsTable>, slot: ContactSlot): ProfileContact | null {
  const name = row[`${slot}_contact_name` as const];
  const email = row[`${slot}_contact_email` as const];
  if (name === null || email === null) return null;
  return { name, email, phone: row[`${slot}_contact_phone` as const] };
}

const sameContact = (a: ProfileContact | null, b: ProfileContact | null): boolean =>
  a === b || (a !== null && b !== null && a.name === b.name && a.email === b.email && a.phone === b.phone);

async function accountRow(db: Db, accountId: string): Promise<Selectable<AccountsTable>> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (!row) throw new ApiError(404, 'account_not_found', `no account ${accountId}`);
  return row;
}

export async function getBusinessProfile(db: Db, accountId: string): Promise<BusinessProfile> {
  const row = await accountRow(db, accountId);
  const domains = await db
    .selectFrom('domains')
    .select(['name', 'verified_at'])
    .where('account_id', '=', accountId)
    .orderBy('name')
    .execute();
  return {
    name: row.name,
    contacts: { primary: contactOf(row, 'primary'), billing: contactOf(row, 'billing') },
    domains: domains.map((d) => ({ domain: d.name, verified: d.verified_at !== null })),
  };
}

/** Writes the name and contacts; `account.renamed` and `account.contacts_changed` say what changed. */
export async function updateBusinessProfile(
  db: Db,
  clock: Clock,
  accountId: string,
  update: ProfileUpdate,
  actor: string,
): Promise<BusinessProfile> {
  const { primary, billing } = update.contacts;
  await inTransaction(db, async (tx) => {
    const before = await accountRow(tx, accountId);
    const changedContacts = (['primary', 'billing'] as const).filter(
      (slot) => !sameContact(contactOf(before, slot), update.contacts[slot]),
    );
    await tx
      .updateTable('accounts')
      .set({
        name: update.name,
        primary_contact_name: primary?.name ?? null,
        primary_contact_email: primary?.email ?? null,
        primary_contact_phone: primary?.phone ?? null,
        billing_contact_name: billing?.name ?? null,
        billing_contact_email: billing?.email ?? null,
        billing_contact_phone: billing?.phone ?? null,
      })
      .where('id', '=', accountId)
      .execute();
    if (before.name !== update.name)
      await writeAudit(tx, clock, {
        accountId,
        actor,
        action: 'account.renamed',
        target: accountId,
        detail: { from: before.name, to: update.name },
      });
    if (changedContacts.length > 0)
      await writeAudit(tx, clock, {
        accountId,
        actor,
        action: 'account.contacts_changed',
        target: accountId,
        detail: { contacts: changedContacts },
      });
  });
  return getBusinessProfile(db, accountId);
}
