// oidc-provider's storage adapter over Kysely: one table for every model.
// At rest a row holds no usable value: it is keyed by a hash of the model and
// id (the id of a token, code or session is its bearer value), the uid, user
// code and grant id are hashed the same way for the adapter's lookups, and
// the payload is sealed with the master key, bound to its row, without the
// id (`jti`) or the session cookie an interaction copies. Works on
// SQLite and PostgreSQL; expired rows are swept.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import { seal, unseal } from '../crypto/master-key.ts';
import { oidcGrantKey, oidcLookupKey, oidcRowKey } from '../db/oidc-model-keys.ts';
import type { OidcModelsTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { replayDetectionAdapter, sweepDpopProofs } from './dpop-replay.ts';

/** The error a lost race to consume a code or token becomes: oidc-provider's invalid_grant. */
export type AlreadyConsumed = (description: string) => Error;

export interface AdapterDeps {
  db: Db;
  clock: Clock;
  masterKey: Buffer;
  alreadyConsumed: AlreadyConsumed;
}

const sealContext = (model: string, key: string) => `oidc-model:${model}:${key}`;

/**
 * What is kept of a payload: not `jti` (the id, which is the row's hashed key
 * and put back on find) and not an interaction's copy of the session cookie
 * (oidc-provider writes it, never reads it) — so not even the master key
 * recovers a bearer value from the database.
 */
function payloadAtRest(model: string, payload: AdapterPayload): Record<string, unknown> {
  const kept: Record<string, unknown> = { ...payload };
  delete kept.jti;
  const session = kept.session;
  if (model === 'Interaction' && typeof session === 'object' && session !== null) {
    const { cookie: _cookie, ...rest } = session as Record<string, unknown>;
    kept.session = rest;
  }
  return kept;
}

/** A stored payload, opened; `id` (when found by id) becomes its `jti` again. */
export function openPayload(masterKey: Buffer, row: OidcModelsTable, id: string | undefined): AdapterPayload {
  // Rows from before migration 0009 hold plain JSON (their `jti` removed by it).
  const json = row.payload.startsWith('{')
    ? row.payload
    : unseal(masterKey, row.payload, sealContext(row.model, row.id)).toString('utf8');
  const payload = JSON.parse(json) as AdapterPayload;
  return id === undefined ? payload : { ...payload, jti: id };
}

/**
 * What the licensing API's one-read caller lookup (access-token-lookup.ts) needs of an access
 * token, in the clear beside its sealed payload (migration 0044): none of it is a bearer value.
 */
function lookupColumns(
  model: string,
  payload: AdapterPayload,
): Pick<OidcModelsTable, 'client_id' | 'jkt' | 'grant_value'> {
  // A token that ends with its browser session (no offline_access) is checked against that
  // session by oidc-provider's find: such rows keep no client, so they are looked up the old way.
  if (model !== 'AccessToken' || !payload.clientId || payload.expiresWithSession)
    return { client_id: null, jkt: null, grant_value: null };
  return { client_id: payload.clientId, jkt: payload.jkt ?? null, grant_value: payload.grantId ?? null };
}

export function kyselyAdapter(deps: AdapterDeps): new (model: string) => Adapter {
  // oidc-provider constructs one adapter per model name; each shares the deps.
  return class extends KyselyAdapter {
    constructor(model: string) {
      super(deps, model);
      // DPoP proofs seen: a unique insert in their own table (dpop-replay.ts), not a row here.
      if (model === 'ReplayDetection')
        return replayDetectionAdapter(deps.db, deps.clock, deps.alreadyConsumed) as unknown as KyselyAdapter;
    }
  };
}

const standInPrefix = 'row~';

/**
 * A stand-in id for a row found without its id: the row's key with a MAC by the master key, so
 * it cannot be made from the database alone (the key is a hash anyone with the database reads).
 * Real ids are base64url and never contain `~`.
 */
function standInFor(masterKey: Buffer, model: string, rowKey: string): string {
  const mac = createHmac('sha256', masterKey).update(`oidc-stand-in:${model}:${rowKey}`).digest('base64url');
  return `${standInPrefix}${rowKey}~${mac}`;
}

/** The row key a stand-in names, when `id` is a valid one for this model. */
function rowKeyOfStandIn(masterKey: Buffer, model: string, id: string): string | undefined {
  if (!id.startsWith(standInPrefix)) return undefined;
  const rowKey = id.slice(standInPrefix.length).split('~')[0] ?? '';
  const expected = Buffer.from(standInFor(masterKey, model, rowKey));
  const given = Buffer.from(id);
  return expected.length === given.length && timingSafeEqual(expected, given) ? rowKey : undefined;
}

/** One model's rows in `oidc_models`: sealed at rest, found by a hashed key, consumed once. */
class KyselyAdapter implements Adapter {
  readonly model: string;
  private readonly deps: AdapterDeps;

  constructor(deps: AdapterDeps, model: string) {
    this.deps = deps;
    this.model = model;
  }

  private key(id: string) {
    return rowKeyOfStandIn(this.deps.masterKey, this.model, id) ?? oidcRowKey(this.model, id);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const { db, clock, masterKey } = this.deps;
    const key = this.key(id);
    const row: OidcModelsTable = {
      model: this.model,
      id: key,
      payload: seal(
        masterKey,
        Buffer.from(JSON.stringify(payloadAtRest(this.model, payload))),
        sealContext(this.model, key),
      ),
      grant_id: payload.grantId ? oidcGrantKey(payload.grantId) : null,
      user_code: payload.userCode ? oidcLookupKey(this.model, 'user_code', payload.userCode) : null,
      uid: payload.uid ? oidcLookupKey(this.model, 'uid', payload.uid) : null,
      user_id: payload.accountId ?? null,
      expires_at: expiresIn ? new Date(clock.now().getTime() + expiresIn * 1000).toISOString() : null,
      consumed_at: null,
      ...lookupColumns(this.model, payload),
    };
    await db
      .insertInto('oidc_models')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['model', 'id']).doUpdateSet({
          payload: row.payload,
          grant_id: row.grant_id,
          user_code: row.user_code,
          uid: row.uid,
          expires_at: row.expires_at,
          client_id: row.client_id,
          jkt: row.jkt,
          grant_value: row.grant_value,
        }),
      )
      .execute();
  }

  private async findBy(
    column: 'id' | 'uid' | 'user_code',
    value: string,
    id: string | undefined,
  ): Promise<AdapterPayload | undefined> {
    const { db, clock, masterKey } = this.deps;
    const row = await db
      .selectFrom('oidc_models')
      .selectAll()
      .where('model', '=', this.model)
      .where(column, '=', value)
      .executeTakeFirst();
    if (!row || (row.expires_at !== null && row.expires_at <= clock.now().toISOString())) return undefined;
    // Found by uid or user code, the id is not known (only its hash is kept): the payload gets a
    // stand-in (standInFor), so that oidc-provider's save of it (a device code confirmed on the
    // second device, RFC 8628 §3.3) updates this row instead of writing a second one.
    const payload = openPayload(masterKey, row, id ?? standInFor(masterKey, row.model, row.id));
    return row.consumed_at
      ? { ...payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) }
      : payload;
  }

  find(id: string) {
    return this.findBy('id', this.key(id), id);
  }

  findByUid(uid: string) {
    return this.findBy('uid', oidcLookupKey(this.model, 'uid', uid), undefined);
  }

  findByUserCode(userCode: string) {
    return this.findBy('user_code', oidcLookupKey(this.model, 'user_code', userCode), undefined);
  }

  // oidc-provider reads `consumed`, then consumes: two nodes can both read
  // "not consumed". Only the one whose conditional update matches has spent
  // it; the other is a reuse, and reuse revokes the grant with everything
  // issued under it (RFC 9700 §4.14.2 for refresh tokens, RFC 6749 §4.1.2 for
  // codes) — as oidc-provider does itself when it sees `consumed`.
  async consume(id: string): Promise<void> {
    const { db, clock, alreadyConsumed } = this.deps;
    const key = this.key(id);
    const spent = await db
      .updateTable('oidc_models')
      .set({ consumed_at: clock.now().toISOString() })
      .where('model', '=', this.model)
      .where('id', '=', key)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) === 1) return;
    const row = await db
      .selectFrom('oidc_models')
      .select('grant_id')
      .where('model', '=', this.model)
      .where('id', '=', key)
      .executeTakeFirst();
    if (row?.grant_id) await revokeGrant(db, row.grant_id);
    throw alreadyConsumed(`${this.model} already used`);
  }

  async destroy(id: string): Promise<void> {
    const { db } = this.deps;
    await db
      .deleteFrom('oidc_models')
      .where('model', '=', this.model)
      .where('id', '=', this.key(id))
      .execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const { db } = this.deps;
    await db
      .deleteFrom('oidc_models')
      .where('model', '=', this.model)
      .where('grant_id', '=', oidcGrantKey(grantId))
      .execute();
  }
}

/** The grant (its row key is the tokens' grant_id) and every code, token and session issued under it. */
async function revokeGrant(db: Db, grantKey: string): Promise<void> {
  await db
    .deleteFrom('oidc_models')
    .where((eb) =>
      eb.or([eb('grant_id', '=', grantKey), eb.and([eb('model', '=', 'Grant'), eb('id', '=', grantKey)])]),
    )
    .execute();
}

export async function sweepOidcModels(db: Db, clock: Clock): Promise<number> {
  const now = clock.now().toISOString();
  const result = await db.deleteFrom('oidc_models').where('expires_at', '<=', now).executeTakeFirst();
  // The memory of deleted tokens (revoked-tokens.ts) ends when they would have.
  const remembered = await db.deleteFrom('revoked_tokens').where('expires_at', '<=', now).executeTakeFirst();
  // DPoP proofs seen (dpop-replay.ts): kept only while a replay could still be accepted.
  const proofs = await sweepDpopProofs(db, clock);
  return Number(result.numDeletedRows) + Number(remembered.numDeletedRows) + proofs;
}

/** Every grant, token and session of these users: gone at once (deprovisioning). */
export async function revokeUserTokens(db: Db, userIds: string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const grants = await db
    .selectFrom('oidc_models')
    .select('grant_id')
    .where('user_id', 'in', userIds)
    .where('grant_id', 'is not', null)
    .execute();
  const grantKeys = [...new Set(grants.flatMap((g) => (g.grant_id ? [g.grant_id] : [])))];
  let q = db.deleteFrom('oidc_models').where('user_id', 'in', userIds);
  if (grantKeys.length)
    q = db
      .deleteFrom('oidc_models')
      .where((eb) =>
        eb.or([
          eb('user_id', 'in', userIds),
          eb('grant_id', 'in', grantKeys),
          eb.and([eb('model', '=', 'Grant'), eb('id', 'in', grantKeys)]),
        ]),
      );
  return Number((await q.executeTakeFirst()).numDeletedRows);
}

/**
 * The user's sessions at the authorization server end (deactivation on a device): the next
 * sign-in in that browser, by anyone, meets the IdP again instead of reusing this person's.
 */
export async function endUserSessions(db: Db, userId: string): Promise<number> {
  const result = await db
    .deleteFrom('oidc_models')
    .where('model', '=', 'Session')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
