// Who made a change, as the timeline shows it: the audit log stores
// `scim-token:<id>` or `scim-client:<id>` (scim/scim-auth.ts) and `user:<email>`
// (http/session-guard.ts); the admin reads the token's label ("Okta") instead.
import type { TimelineActor } from '../../common/console-timeline.ts';
import type { Db } from '../db/types.ts';

/** The labels of the account's SCIM tokens and clients that `raws` name, read once per page. */
export async function resolveActors(
  db: Db,
  accountId: string,
  raws: readonly string[],
): Promise<(raw: string) => TimelineActor> {
  const idsOf = (prefix: string) => [
    ...new Set(raws.filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length))),
  ];
  const tokenIds = idsOf('scim-token:');
  const clientIds = idsOf('scim-client:');
  const labels = new Map<string, string>();
  if (tokenIds.length)
    for (const t of await db
      .selectFrom('scim_tokens')
      .select(['id', 'label'])
      .where('account_id', '=', accountId)
      .where('id', 'in', tokenIds)
      .execute())
      labels.set(`scim-token:${t.id}`, t.label);
  if (clientIds.length)
    for (const c of await db
      .selectFrom('scim_clients')
      .select(['id', 'label'])
      .where('account_id', '=', accountId)
      .where('id', 'in', clientIds)
      .execute())
      labels.set(`scim-client:${c.id}`, c.label);
  return (raw) => {
    if (raw.startsWith('scim-')) return { kind: 'scim', label: labels.get(raw) ?? 'a removed SCIM token' };
    if (raw.startsWith('user:')) return { kind: 'admin', label: raw.slice('user:'.length) };
    return { kind: 'system', label: raw };
  };
}
