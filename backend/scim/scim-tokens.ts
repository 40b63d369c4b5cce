// SCIM bearer tokens (configurator step 5): 256 random bits, shown once,
// stored only as a SHA-256 hash; several may be live at once for rotation.
// Beside the hash, the last 4 characters name a token in the console's list
// (as GitHub and Stripe list keys): they give away 24 of its 256 bits, 232 stay
// to guess.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ScimToken } from '../../common/console-api.ts';
import { z } from 'zod';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';

export const createScimTokenInput = z
  .object({ label: z.string().trim().min(1).max(100).optional() })
  .strict();

/** A token as the console API lists it (common/console-api.ts). */
export type ScimTokenView = ScimToken;

export const hashScimToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** What the console may see of a token or secret after its one showing: never more than 4 characters. */
export const lastCharactersOf = (secret: string): string => secret.slice(-4);

export async function createScimToken(
  db: Db,
  clock: Clock,
  accountId: string,
  label: string | undefined,
  actor: string,
): Promise<{ token: string; view: ScimTokenView }> {
  const token = `lks_${randomBytes(32).toString('base64url')}`;
  const view: ScimTokenView = {
    id: randomUUID(),
    label: label ?? 'SCIM token',
    lastCharacters: lastCharactersOf(token),
    createdAt: clock.now().toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto('scim_tokens')
      .values({
        id: view.id,
        account_id: accountId,
        token_hash: hashScimToken(token),
        last_characters: view.lastCharacters,
        label: view.label,
        created_at: view.createdAt,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'scim_token.created',
      target: view.id,
      detail: { lastCharacters: view.lastCharacters },
    });
  });
  return { token, view };
}

export async function listScimTokens(db: Db, accountId: string): Promise<ScimTokenView[]> {
  const rows = await db
    .selectFrom('scim_tokens')
    .select(['id', 'label', 'last_characters', 'created_at', 'last_used_at', 'revoked_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    lastCharacters: r.last_characters,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeScimToken(
  db: Db,
  clock: Clock,
  accountId: string,
  tokenId: string,
  actor: string,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const result = await tx
      .updateTable('scim_tokens')
      .set({ revoked_at: clock.now().toISOString() })
      .where('id', '=', tokenId)
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new ApiError(404, 'scim_token_not_found', 'no live SCIM token with that id');
    await writeAudit(tx, clock, { accountId, actor, action: 'scim_token.revoked', target: tokenId });
  });
}

/** Live bearer tokens and live OAuth clients: either way the IdP can sign in (step 5). */
export async function countActiveScimTokens(db: Db, accountId: string): Promise<number> {
  const clients = await db
    .selectFrom('scim_clients')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  const row = await db
    .selectFrom('scim_tokens')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n) + Number(clients.n);
}
