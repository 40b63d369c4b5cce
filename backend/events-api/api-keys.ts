// Account API keys (issue 24 item 3): 256 random bits, shown once, stored as a
// SHA-256 hash (a random key needs no slow hash: nothing to guess from it),
// named in lists by their last 4 characters, revocable. Each key carries
// scopes; the events API asks for `events:read`.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { apiKeyScopes, type ApiKey, type ApiKeyScope } from '../../common/api-keys.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';

export { apiKeyScopes, type ApiKeyScope } from '../../common/api-keys.ts';
export type ApiKeyView = ApiKey;

const prefix = 'lkk_';
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

const scopesOf = (stored: string): ApiKeyScope[] =>
  stored.split(' ').filter((s): s is ApiKeyScope => (apiKeyScopes as readonly string[]).includes(s));

export async function createApiKey(
  db: Db,
  clock: Clock,
  input: { accountId: string; label: string; scopes: readonly ApiKeyScope[]; actor: string },
): Promise<{ key: string; view: ApiKeyView }> {
  const key = `${prefix}${randomBytes(32).toString('base64url')}`;
  const view: ApiKeyView = {
    id: randomUUID(),
    label: input.label,
    scopes: [...new Set(input.scopes)],
    lastCharacters: key.slice(-4),
    createdAt: clock.now().toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto('api_keys')
      .values({
        id: view.id,
        account_id: input.accountId,
        label: view.label,
        scopes: view.scopes.join(' '),
        key_hash: hashApiKey(key),
        last_characters: view.lastCharacters,
        created_at: view.createdAt,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await writeAudit(tx, clock, {
      accountId: input.accountId,
      actor: input.actor,
      action: 'api_key.created',
      target: view.id,
      detail: { label: view.label, scopes: view.scopes, lastCharacters: view.lastCharacters },
    });
  });
  return { key, view };
}

export async function listApiKeys(db: Db, accountId: string): Promise<ApiKeyView[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    scopes: scopesOf(r.scopes),
    lastCharacters: r.last_characters,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeApiKey(
  db: Db,
  clock: Clock,
  input: { accountId: string; keyId: string; actor: string },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const result = await tx
      .updateTable('api_keys')
      .set({ revoked_at: clock.now().toISOString() })
      .where('id', '=', input.keyId)
      .where('account_id', '=', input.accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new ApiError(404, 'api_key_not_found', 'no live API key with that id in this account');
    await writeAudit(tx, clock, {
      accountId: input.accountId,
      actor: input.actor,
      action: 'api_key.revoked',
      target: input.keyId,
    });
  });
}

/** The account a bearer key belongs to, if it is live and has `scope`; its last use is kept to the minute. */
export async function authenticateApiKey(
  db: Db,
  clock: Clock,
  authorization: string | undefined,
  scope: ApiKeyScope,
): Promise<{ accountId: string; keyId: string }> {
  const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization ?? '');
  if (!m?.[1]) throw new ApiError(401, 'api_key_missing', 'send Authorization: Bearer <account API key>');
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'account_id', 'scopes', 'last_used_at'])
    .where('key_hash', '=', hashApiKey(m[1]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new ApiError(401, 'api_key_invalid', 'the API key is not valid or was revoked');
  if (!scopesOf(row.scopes).includes(scope))
    throw new ApiError(403, 'api_key_scope', `the API key lacks the ${scope} scope`);
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000)
    await db
      .updateTable('api_keys')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  return { accountId: row.account_id, keyId: row.id };
}
