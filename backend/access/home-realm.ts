// Home realm discovery: an email's domain → the one account that verified it
// and whose integration is active. Every refusal has its catalog code.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { sql } from 'kysely';
import type { Db } from '../db/types.ts';

export interface Realm {
  accountId: string;
  domain: string;
}

export async function discoverRealm(db: Db, email: string): Promise<Realm> {
  const at = email.lastIndexOf('@');
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  if (at < 1 || !domain)
    throw new LatchkeyError('DOMAIN_NOT_REGISTERED', `"${email}" is not an email address`, { email });
  const row = await db
    .selectFrom('domains as d')
    .innerJoin('idp_configs as c', 'c.account_id', 'd.account_id')
    .select(['d.account_id', 'd.verified_at', 'c.status'])
    .where('d.name', '=', new URL(`http://${domain}`).hostname)
    // Several accounts may hold pending claims; the verified one (at most one) decides.
    .orderBy(sql`case when d.verified_at is null then 1 else 0 end`)
    .executeTakeFirst();
  const evidence = { email, domain };
  if (!row) throw new LatchkeyError('DOMAIN_NOT_REGISTERED', `no account has added ${domain}`, evidence);
  if (!row.verified_at) {
    throw new LatchkeyError('DOMAIN_NOT_VERIFIED', `${domain} is not verified`, {
      ...evidence,
      accountId: row.account_id,
    });
  }
  if (row.status !== 'active') {
    throw new LatchkeyError('INTEGRATION_NOT_ACTIVE', 'the IdP integration is not active', {
      ...evidence,
      accountId: row.account_id,
    });
  }
  return { accountId: row.account_id, domain };
}
