// SCIM OAuth 2.0 clients (configurator step 5, beside the long-lived bearer
// token): a client id with several live secrets, so a secret rotates without
// a gap; secrets and access tokens are 256 random bits, stored only as SHA-256
// hashes (random secrets need no slow hash: there is nothing to guess).
import { randomBytes } from 'node:crypto';
import type { ScimClient, ScimClientSecret } from '../../common/console-api.ts';
import { z } from 'zod';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { hashScimToken, lastCharactersOf } from './scim-tokens.ts';

/** Access tokens live one hour (Entra asks again when one expires). */
export const scimAccessTokenSeconds = 3600;
const maxLiveSecrets = 5;

export const createScimClientInput = z
  .object({ label: z.string().trim().min(1).max(100).optional() })
  .strict();

/** A client and its secrets as the console API lists them (common/console-api.ts). */
export type ScimClientView = ScimClient;
export type ScimClientSecretView = ScimClientSecret;

/** A secret in the response of its POST, the only time it is shown. */
export interface NewScimClientSecret {
  secretId: string;
  clientSecret: string;
  lastCharacters: string;
}

const random = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString('base64url')}`;

async function insertSecret(db: Db, clock: Clock, clientId: string): Promise<NewScimClientSecret> {
  const secret = random('lkss_', 32);
  const id = random('sec_', 9);
  const lastCharacters = lastCharactersOf(secret);
  await db
    .insertInto('scim_client_secrets')
    .values({
      id,
      client_id: clientId,
      secret_hash: hashScimToken(secret),
      last_characters: lastCharacters,
      created_at: clock.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { secretId: id, clientSecret: secret, lastCharacters };
}

export async function createScimClient(
  db: Db,
  clock: Clock,
  accountId: string,
  label: string | undefined,
  actor: string,
): Promise<{ clientId: string } & NewScimClientSecret> {
  const clientId = random('lksc_', 16);
  return inTransaction(db, async (tx) => {
    await tx
      .insertInto('scim_clients')
      .values({
        id: clientId,
        account_id: accountId,
        label: label ?? 'SCIM OAuth client',
        created_at: clock.now().toISOString(),
        revoked_at: null,
      })
      .execute();
    const added = await insertSecret(tx, clock, clientId);
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'scim_client.created',
      target: clientId,
      detail: { secretId: added.secretId, lastCharacters: added.lastCharacters },
    });
    return { clientId, ...added };
  });
}

/**
 * Finds a live client and locks its row for the transaction: a no-op update
 * takes the row lock on PostgreSQL and the write lock on SQLite, so two
 * concurrent secret additions cannot both pass the count below.
 */
async function lockLiveClient(db: Db, accountId: string, clientId: string): Promise<void> {
  const locked = await db
    .updateTable('scim_clients')
    .set((eb) => ({ label: eb.ref('label') }))
    .where('id', '=', clientId)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(locked.numUpdatedRows) === 0)
    throw new ApiError(404, 'scim_client_not_found', 'no live SCIM OAuth client with that id');
}

/** A further secret for rotation: give it to the IdP, then revoke the old one. */
export async function addScimClientSecret(
  db: Db,
  clock: Clock,
  accountId: string,
  clientId: string,
  actor: string,
): Promise<NewScimClientSecret> {
  return inTransaction(db, async (tx) => {
    await lockLiveClient(tx, accountId, clientId);
    const live = await tx
      .selectFrom('scim_client_secrets')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('client_id', '=', clientId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(live.n) >= maxLiveSecrets)
      throw new ApiError(
        409,
        'too_many_secrets',
        `revoke a secret first: at most ${maxLiveSecrets} are live`,
      );
    const added = await insertSecret(tx, clock, clientId);
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'scim_client.secret_added',
      target: clientId,
      detail: { secretId: added.secretId, lastCharacters: added.lastCharacters },
    });
    return added;
  });
}

/** Revokes one secret and every access token issued with it. */
export async function revokeScimClientSecret(
  db: Db,
  clock: Clock,
  accountId: string,
  clientId: string,
  secretId: string,
  actor: string,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    await lockLiveClient(tx, accountId, clientId);
    const result = await tx
      .updateTable('scim_client_secrets')
      .set({ revoked_at: clock.now().toISOString() })
      .where('id', '=', secretId)
      .where('client_id', '=', clientId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new ApiError(404, 'scim_secret_not_found', 'no live secret with that id');
    await tx.deleteFrom('scim_access_tokens').where('secret_id', '=', secretId).execute();
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'scim_client.secret_revoked',
      target: clientId,
      detail: { secretId },
    });
  });
}

export async function revokeScimClient(
  db: Db,
  clock: Clock,
  accountId: string,
  clientId: string,
  actor: string,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    await lockLiveClient(tx, accountId, clientId);
    const now = clock.now().toISOString();
    await tx.updateTable('scim_clients').set({ revoked_at: now }).where('id', '=', clientId).execute();
    await tx
      .updateTable('scim_client_secrets')
      .set({ revoked_at: now })
      .where('client_id', '=', clientId)
      .where('revoked_at', 'is', null)
      .execute();
    await tx.deleteFrom('scim_access_tokens').where('client_id', '=', clientId).execute();
    await writeAudit(tx, clock, { accountId, actor, action: 'scim_client.revoked', target: clientId });
  });
}

export async function listScimClients(db: Db, accountId: string): Promise<ScimClientView[]> {
  const clients = await db
    .selectFrom('scim_clients')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  if (clients.length === 0) return [];
  const secrets = await db
    .selectFrom('scim_client_secrets')
    .select(['id', 'client_id', 'last_characters', 'created_at', 'last_used_at', 'revoked_at'])
    .where(
      'client_id',
      'in',
      clients.map((c) => c.id),
    )
    .orderBy('created_at')
    .execute();
  return clients.map((c) => ({
    clientId: c.id,
    label: c.label,
    createdAt: c.created_at,
    revokedAt: c.revoked_at,
    secrets: secrets
      .filter((s) => s.client_id === c.id)
      .map((s) => ({
        id: s.id,
        lastCharacters: s.last_characters,
        createdAt: s.created_at,
        lastUsedAt: s.last_used_at,
        revokedAt: s.revoked_at,
      })),
  }));
}

/**
 * The client credentials grant (RFC 6749 §4.4.2): a live client and one of its
 * live secrets → a new access token. Undefined when they do not match.
 */
export async function issueScimAccessToken(
  db: Db,
  clock: Clock,
  clientId: string,
  clientSecret: string,
): Promise<{ accessToken: string; expiresIn: number } | undefined> {
  const found = await db
    .selectFrom('scim_client_secrets as s')
    .innerJoin('scim_clients as c', 'c.id', 's.client_id')
    .select(['s.id as secretId', 'c.account_id as accountId'])
    .where('s.secret_hash', '=', hashScimToken(clientSecret))
    .where('s.client_id', '=', clientId)
    .where('s.revoked_at', 'is', null)
    .where('c.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!found) return undefined;
  const now = clock.now();
  const accessToken = random('lksa_', 32);
  await inTransaction(db, async (tx) => {
    await tx
      .deleteFrom('scim_access_tokens')
      .where('client_id', '=', clientId)
      .where('expires_at', '<=', now.toISOString())
      .execute();
    await tx
      .insertInto('scim_access_tokens')
      .values({
        token_hash: hashScimToken(accessToken),
        client_id: clientId,
        secret_id: found.secretId,
        account_id: found.accountId,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + scimAccessTokenSeconds * 1000).toISOString(),
      })
      .execute();
    await tx
      .updateTable('scim_client_secrets')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', found.secretId)
      .execute();
  });
  return { accessToken, expiresIn: scimAccessTokenSeconds };
}
