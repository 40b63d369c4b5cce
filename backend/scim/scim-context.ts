// What every SCIM use case gets: the account the bearer token belongs to,
// the token (for the audit trail) and where resources live.
import type { Clock } from '../clock.ts';
import type { SqlDialect } from '../db/connect.ts';
import type { Db } from '../db/types.ts';

export interface ScimContext {
  db: Db;
  dialect: SqlDialect;
  clock: Clock;
  accountId: string;
  tokenId: string;
  /** Who the audit log names (see scim-auth.ts). */
  actor: string;
  /** `${publicUrl}/scim/v2` */
  baseUrl: string;
}

export const actorOf = (ctx: ScimContext) => ctx.actor;
export const etagOf = (version: number) => `W/"${version}"`;
