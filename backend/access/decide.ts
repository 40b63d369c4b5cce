// The one access decision (DESIGN.md "Who decides access"): the rules of
// common/access-check.ts in order, for two ways in — SSO (sign-in, the
// licensing API, check-in) and license-key activation, which skips the
// domain, integration and group rules. `decide` runs them under the
// account's lock and throws the first failing rule's error; `explain` runs
// the same rules read-only and reports each one.
import { accessRuleIds, type AccessRuleId } from '../../common/access-check.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { AccountUsersTable, LicensesTable } from '../db/schema.ts';
import { lockAccountLicenses } from '../db/row-locks.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { groupRule } from './group-rules.ts';
import { domainRule, integrationRule } from './realm-rules.ts';
import {
  emptyState,
  type AccessRequest,
  type AccessRule,
  type DecisionState,
  type Evidence,
  type SeatPlace,
} from './rule-types.ts';
import { devicesRule, licenseRule, seatsRule } from './seat-rules.ts';
import { activeRule, userRule } from './user-rules.ts';

const rulesById: Readonly<Record<AccessRuleId, AccessRule>> = {
  domain: domainRule,
  integration: integrationRule,
  user: userRule,
  active: activeRule,
  group: groupRule,
  license: licenseRule,
  seats: seatsRule,
  devices: devicesRule,
};

/** Every rule, in catalog order; each names the codes it refuses with. */
export const accessRules: readonly AccessRule[] = accessRuleIds.map((id) => rulesById[id]);

const keySkips: readonly AccessRuleId[] = ['domain', 'integration', 'group'];

/** The rules of each way in (common/access-check.ts: key activation skips domain, integration, group). */
export const rulesOf = (via: AccessRequest['via']): readonly AccessRuleId[] =>
  via === 'sso' ? accessRuleIds : accessRuleIds.filter((id) => !keySkips.includes(id));

export type RuleReport =
  | { rule: AccessRule; verdict: 'pass'; evidence: Evidence }
  | { rule: AccessRule; verdict: 'fail'; evidence: Evidence; error: LatchkeyError };

/** Runs the request's rules in order up to the first failure; `onRule` hears each one. */
async function runRules(
  db: Db,
  clock: Clock,
  request: AccessRequest,
  state: DecisionState,
  beforeFirstRead: (accountId: string) => Promise<LicensesTable[] | undefined>,
): Promise<RuleReport[]> {
  const now = clock.now();
  const reports: RuleReport[] = [];
  let locked = false;
  for (const rule of accessRules) {
    if (!request.rules.includes(rule.id)) continue;
    // The lock comes before the first rule that reads the account's seats or users.
    if (!locked && state.accountId !== null && rule.id !== 'domain') {
      state.lockedLicenses = (await beforeFirstRead(state.accountId)) ?? null;
      locked = true;
    }
    try {
      reports.push({ rule, verdict: 'pass', evidence: await rule.check(db, now, request, state) });
    } catch (err) {
      if (!(err instanceof LatchkeyError)) throw err;
      // Which rule refused, in the activation log's evidence beside the code.
      Object.assign(err.evidence, { accessRule: rule.id });
      reports.push({ rule, verdict: 'fail', evidence: { detail: err.message, ...err.evidence }, error: err });
      break;
    }
  }
  return reports;
}

export interface Decision {
  accountId: string;
  user: AccountUsersTable | null;
  /** Where the seat is: the license and its sublicense, or its desktop-users pool. */
  place: SeatPlace | null;
  /** The seat is above its place's count, under the license's overage (access/overage.ts). */
  overCount: boolean;
  evidence: Partial<Record<AccessRuleId, Evidence>>;
}

/**
 * The decision a real activation takes. Runs in the caller's transaction (or
 * its own) with every license of the account locked, so seats and device
 * slots are counted and then taken by one activation at a time across nodes
 * (db/row-locks.ts; SQLite: BEGIN IMMEDIATE). Throws the first failing rule's error.
 */
export async function decide(db: Db, clock: Clock, request: AccessRequest): Promise<Decision> {
  return inTransaction(db, async (tx) => {
    const state = emptyState(request.accountId);
    const reports = await runRules(tx, clock, request, state, (accountId) =>
      lockAccountLicenses(tx, accountId),
    );
    const evidence: Partial<Record<AccessRuleId, Evidence>> = {};
    for (const report of reports) {
      if (report.verdict === 'fail') throw inAccount(report.error, state.accountId);
      evidence[report.rule.id] = report.evidence;
    }
    if (state.accountId === null) throw new Error('the decision ran without finding an account');
    return {
      accountId: state.accountId,
      user: state.user,
      place: state.place,
      overCount: state.overCount,
      evidence,
    };
  });
}

/**
 * A refusal names the account the decision found (refuse() logs it there): a key activation's
 * caller names none, and its refusals were logged in no account's activation log (issue 23 item 4).
 */
function inAccount(error: LatchkeyError, accountId: string | null): LatchkeyError {
  if (accountId !== null && error.evidence.accountId === undefined) error.evidence.accountId = accountId;
  return error;
}

/** The same rules, read-only: no lock, no write, no log entry. The rules after a failure are not reached. */
export async function explainRules(
  db: Db,
  clock: Clock,
  request: AccessRequest,
): Promise<{ reports: RuleReport[]; state: DecisionState }> {
  const state = emptyState(request.accountId);
  const reports = await runRules(db, clock, request, state, () => Promise.resolve(undefined));
  return { reports, state };
}
