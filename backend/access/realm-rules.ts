// The first two rules, home realm discovery (DESIGN.md flow step 3): the
// email's domain → the one account that added and verified it, and that
// account's integration must be active. Without a known account, the
// verified claim (at most one) decides among pending ones; with one (the
// console's question), the domain must be that account's.
import { sql } from 'kysely';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Db } from '../db/types.ts';
import { emptyState, type AccessRequest, type AccessRule } from './rule-types.ts';

/** The domain part of an email, as domains are stored; null when it is not an email. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  if (at < 1 || !domain) return null;
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return null;
  }
}

async function claimOf(db: Db, domain: string, accountId: string | null) {
  return (
    db
      .selectFrom('domains as d')
      .innerJoin('idp_configs as c', 'c.account_id', 'd.account_id')
      .select(['d.account_id', 'd.verified_at', 'c.status', 'c.activated_at'])
      .where('d.name', '=', domain)
      .$if(accountId !== null, (q) => q.where('d.account_id', '=', accountId ?? ''))
      // Several accounts may hold pending claims; the verified one (at most one) decides.
      .orderBy(sql`case when d.verified_at is null then 1 else 0 end`)
      .executeTakeFirst()
  );
}

export const domainRule: AccessRule = {
  id: 'domain',
  title: "The email's domain is added and verified",
  codes: ['DOMAIN_NOT_REGISTERED', 'DOMAIN_NOT_VERIFIED'],
  async check(db, _now, request, state) {
    const email = request.email ?? '';
    const domain = emailDomain(email);
    if (domain === null)
      throw new LatchkeyError('DOMAIN_NOT_REGISTERED', `"${email}" is not an email address`, { email });
    const row = await claimOf(db, domain, request.accountId);
    const evidence = { email, domain };
    if (!row) {
      const detail =
        request.accountId === null
          ? `no account has added ${domain}`
          : `this account has not added ${domain}`;
      throw new LatchkeyError('DOMAIN_NOT_REGISTERED', detail, evidence);
    }
    state.accountId = row.account_id;
    if (!row.verified_at) {
      throw new LatchkeyError('DOMAIN_NOT_VERIFIED', `${domain} is not verified`, {
        ...evidence,
        accountId: row.account_id,
      });
    }
    return { ...evidence, accountId: row.account_id, verifiedAt: row.verified_at };
  },
};

export const integrationRule: AccessRule = {
  id: 'integration',
  title: 'The IdP integration is active',
  codes: ['INTEGRATION_NOT_ACTIVE'],
  async check(db, _now, request, state) {
    const config = await db
      .selectFrom('idp_configs')
      .select(['status', 'activated_at'])
      .where('account_id', '=', state.accountId ?? '')
      .executeTakeFirst();
    const evidence = {
      email: request.email,
      accountId: state.accountId,
      status: config?.status ?? 'not configured',
    };
    if (config?.status !== 'active')
      throw new LatchkeyError('INTEGRATION_NOT_ACTIVE', 'the IdP integration is not active', evidence);
    return { ...evidence, activatedAt: config.activated_at };
  },
};

export interface Realm {
  accountId: string;
  domain: string;
}

/** Home realm discovery: the domain and integration rules alone, read-only (no lock: nothing is counted). */
export async function decideRealm(db: Db, email: string): Promise<Realm> {
  const request: AccessRequest = {
    via: 'sso',
    email,
    accountId: null,
    user: { email },
    rules: ['domain', 'integration'],
  };
  const state = emptyState(null);
  // Neither rule reads the time.
  const now = new Date();
  const run = (rule: AccessRule) =>
    rule.check(db, now, request, state).catch((err: unknown) => {
      if (err instanceof LatchkeyError) Object.assign(err.evidence, { accessRule: rule.id });
      throw err;
    });
  const found = await run(domainRule);
  await run(integrationRule);
  return { accountId: String(found.accountId), domain: String(found.domain) };
}
