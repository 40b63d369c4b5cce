// "Why can't this user activate?" (GET /api/console/access-check,
// `latchkey-server why`): the decision's own rules run read-only for an
// email, every rule reported in order — pass, fail (with the catalog's admin
// remedy) or not reached. Being the decision, it cannot drift from it.
import type { AccessCheck, AccessRuleResult } from '../../common/access-check.ts';
import { remedyFor } from '../../common/failure-codes.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { accessRules, explainRules, rulesOf } from './decide.ts';
import { refusedGroup } from './refused-group.ts';
import type { AccessRequest } from './rule-types.ts';

export interface AccessQuestion {
  email: string;
  /** The console session's account, or `--account`; else the email's domain finds it. */
  accountId: string | null;
  /** Which way in to explain; default: SSO, or key for an account that has added no domain. */
  via?: AccessRequest['via'];
}

async function defaultWay(db: Db, accountId: string | null): Promise<AccessRequest['via']> {
  if (accountId === null) return 'sso';
  const domain = await db
    .selectFrom('domains')
    .select('id')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return domain ? 'sso' : 'key';
}

export async function explainAccess(db: Db, clock: Clock, question: AccessQuestion): Promise<AccessCheck> {
  const email = question.email.trim().toLowerCase();
  const via = question.via ?? (await defaultWay(db, question.accountId));
  const request: AccessRequest = {
    via,
    email,
    accountId: question.accountId,
    user: { userName: email, email },
    createsUser: via === 'key',
    lastSignIn: true,
    rules: rulesOf(via),
  };
  const { reports, state } = await explainRules(db, clock, request);
  const rules: AccessRuleResult[] = request.rules.map((id) => {
    const report = reports.find((r) => r.rule.id === id);
    const title = accessRules.find((r) => r.id === id)?.title ?? id;
    if (!report) return { rule: id, title, verdict: 'not-reached', code: null, evidence: {}, remedy: null };
    if (report.verdict === 'pass')
      return { rule: id, title, verdict: 'pass', code: null, evidence: report.evidence, remedy: null };
    const code = report.error.code;
    return {
      rule: id,
      title,
      verdict: 'fail',
      code,
      evidence: report.evidence,
      // The remedy names the group as the app's "What to tell your IT team" does (refused-group.ts).
      remedy: remedyFor(code, { group: refusedGroup(code, report.evidence) }),
    };
  });
  const failed = rules.find((r) => r.verdict === 'fail');
  return {
    email,
    userId: state.user?.id ?? null,
    via,
    allowed: failed === undefined,
    code: failed?.code ?? null,
    rules,
    checkedAt: clock.now().toISOString(),
  };
}
