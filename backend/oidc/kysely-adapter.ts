// oidc-provider's storage adapter over Kysely: one table for every model,
// keyed by (model, id), with the grant id, user code and uid indexed for the
// adapter's lookups. Works on SQLite and PostgreSQL; expired rows are swept.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

/** The error a lost race to consume a code or token becomes: oidc-provider's invalid_grant. */
export type AlreadyConsumed = (description: string) => Error;

export function kyselyAdapter(
  db: Db,
  clock: Clock,
  alreadyConsumed: AlreadyConsumed,
): new (model: string) => Adapter {
  return class KyselyAdapter implements Adapter {
    readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        account_id: payload.accountId ?? null,
        expires_at: expiresIn ? new Date(clock.now().getTime() + expiresIn * 1000).toISOString() : null,
        consumed_at: null,
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
          }),
        )
        .execute();
    }

    private async findBy(
      column: 'id' | 'uid' | 'user_code',
      value: string,
    ): Promise<AdapterPayload | undefined> {
      const row = await db
        .selectFrom('oidc_models')
        .selectAll()
        .where('model', '=', this.model)
        .where(column, '=', value)
        .executeTakeFirst();
      if (!row || (row.expires_at !== null && row.expires_at <= clock.now().toISOString())) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      return row.consumed_at
        ? { ...payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) }
        : payload;
    }

    find(id: string) {
      return this.findBy('id', id);
    }

    findByUid(uid: string) {
      return this.findBy('uid', uid);
    }

    findByUserCode(userCode: string) {
      return this.findBy('user_code', userCode);
    }

    // oidc-provider reads `consumed`, then consumes: two nodes can both read
    // "not consumed". Only the one whose conditional update matches has spent
    // it; the other is a reuse, and reuse revokes the grant with everything
    // issued under it (RFC 9700 §4.14.2 for refresh tokens, RFC 6749 §4.1.2 for
    // codes) — as oidc-provider does itself when it sees `consumed`.
    async consume(id: string): Promise<void> {
      const spent = await db
        .updateTable('oidc_models')
        .set({ consumed_at: clock.now().toISOString() })
        .where('model', '=', this.model)
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) === 1) return;
      const row = await db
        .selectFrom('oidc_models')
        .select('grant_id')
        .where('model', '=', this.model)
        .where('id', '=', id)
        .executeTakeFirst();
      if (row?.grant_id) await revokeGrant(db, row.grant_id);
      throw alreadyConsumed(`${this.model} already used`);
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oidc_models').where('model', '=', this.model).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('oidc_models').where('grant_id', '=', grantId).execute();
    }
  };
}

/** The grant and every code, token and session row issued under it. */
async function revokeGrant(db: Db, grantId: string): Promise<void> {
  await db
    .deleteFrom('oidc_models')
    .where((eb) =>
      eb.or([eb('grant_id', '=', grantId), eb.and([eb('model', '=', 'Grant'), eb('id', '=', grantId)])]),
    )
    .execute();
}

export async function sweepOidcModels(db: Db, clock: Clock): Promise<number> {
  const result = await db
    .deleteFrom('oidc_models')
    .where('expires_at', '<=', clock.now().toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Every grant, token and session of these users: gone at once (deprovisioning). */
export async function revokeUserTokens(db: Db, userIds: string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const grants = await db
    .selectFrom('oidc_models')
    .select('grant_id')
    .where('account_id', 'in', userIds)
    .where('grant_id', 'is not', null)
    .execute();
  const grantIds = [...new Set(grants.flatMap((g) => (g.grant_id ? [g.grant_id] : [])))];
  let q = db.deleteFrom('oidc_models').where('account_id', 'in', userIds);
  if (grantIds.length)
    q = db
      .deleteFrom('oidc_models')
      .where((eb) => eb.or([eb('account_id', 'in', userIds), eb('grant_id', 'in', grantIds)]));
  return Number((await q.executeTakeFirst()).numDeletedRows);
}
