// Runs one scenario in a fresh world and sets what the end user saw beside
// what the admin finds (the activation log entry behind the reference, and
// the console's "Why can't this user activate?" for its email), then checks
// both against the catalog.
import type { AccessCheck } from '../../common/access-check.ts';
import {
  allFailureCodes,
  describeFailure,
  type FailureCode,
  type FailureCodeInfo,
} from '../../common/failure-codes.ts';
import { accessRules } from '../../backend/access/decide.ts';
import { exitCodeFor, exitCodes } from '../../main/cli/exit-codes.ts';
import { startQaWorld, type QaWorld } from './qa-world.ts';
import type { UserView } from './scenario-steps.ts';
import type { Scenario } from './scenarios.ts';

/** The activation log entry the admin looks up. */
export interface AdminView {
  /** The log entry's reference, a string like the one the user is shown (one type in all the JSON). */
  reference: string;
  stage: string;
  outcome: string;
  code: string | null;
  email: string | null;
  /** The console's access check for the attempt's email, asked by the owner after the attempt. */
  accessCheck: { rule: string | null; code: FailureCode | null } | null;
}

/** Codes the access decision's rules refuse with: the access check must name these. */
const decisionCodes = new Set<FailureCode>(accessRules.flatMap((r) => r.codes));

export interface ScenarioResult {
  name: string;
  code: FailureCode | null;
  cause: string;
  user: UserView;
  admin: AdminView | null;
  /** Empty when what both saw matches the catalog. */
  mismatches: string[];
}

export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const world = await startQaWorld(scenario.license);
  try {
    const before = await lastAttemptId(world);
    const user = await scenario.run(world).catch((err: unknown) => err as Error);
    if (user instanceof Error)
      return { ...about(scenario), user: noView, admin: null, mismatches: [`did not run: ${user.message}`] };
    const admin = await adminView(world, scenario.code, user, before);
    return {
      ...about(scenario),
      user,
      admin,
      mismatches: compare(scenario.code, user, admin),
    };
  } finally {
    await world.close();
  }
}

const about = ({ name, code, cause }: Scenario) => ({ name, code, cause });
const noView: UserView = {
  where: 'app',
  exitCode: null,
  phase: null,
  code: null,
  message: null,
  reference: null,
  email: null,
};

/** The newest activation log id before the scenario ran: its own attempts come after it. */
async function lastAttemptId(world: QaWorld): Promise<number> {
  const row = await world.service.deps.database.db
    .selectFrom('activation_attempts')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * The log entry of the scenario's own attempt, and the access check: the entry behind the
 * reference the user was shown; else, logged since the scenario started for the email it used,
 * the entry with the scenario's code (the activation's success on the happy path). None for a
 * failure the app decided on its own — never an earlier, unrelated row.
 */
async function adminView(
  world: QaWorld,
  code: FailureCode | null,
  user: UserView,
  before: number,
): Promise<AdminView | null> {
  let query = world.service.deps.database.db
    .selectFrom('activation_attempts')
    .select(['id', 'stage', 'outcome', 'code', 'email'])
    .orderBy('id', 'desc');
  const reference = Number(user.reference);
  if (user.reference !== null && Number.isSafeInteger(reference)) query = query.where('id', '=', reference);
  else {
    query = query.where('id', '>', before);
    if (user.email) query = query.where('email', '=', user.email.toLowerCase());
    query =
      code === null
        ? query.where('stage', '=', 'activation').where('outcome', '=', 'success')
        : query.where('code', '=', code);
  }
  const row = await query.executeTakeFirst();
  if (!row) return null;
  return {
    reference: String(row.id),
    stage: row.stage,
    outcome: row.outcome,
    code: row.code,
    email: row.email,
    accessCheck: row.email ? await accessCheckFor(world, row.email) : null,
  };
}

/** What the admin's console answers to "Why can't this user activate?" for this email. */
async function accessCheckFor(world: QaWorld, email: string): Promise<AdminView['accessCheck']> {
  const { status, body } = await world.owner.get<AccessCheck>(
    `/api/console/access-check?email=${encodeURIComponent(email)}`,
  );
  if (status !== 200) return null;
  return { rule: body.rules.find((r) => r.verdict === 'fail')?.rule ?? null, code: body.code };
}

export function compare(code: FailureCode | null, user: UserView, admin: AdminView | null): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => ok || problems.push(what);
  if (code === null) {
    expect(user.phase === 'activated', `the app ended ${user.phase ?? 'without a state'}, not activated`);
    expect(user.exitCode === exitCodes.ok, `exit code ${user.exitCode}, not 0`);
    return problems;
  }
  const info = describeFailure(code);
  expect(user.code === code, `the user was shown ${user.code ?? 'no code'}, not ${code}`);
  expect(isCatalogMessage(info, user.message), "the user's message is not the catalog's");
  if (user.where === 'app')
    expect(user.exitCode === exitCodeFor(code), `exit code ${user.exitCode}, not ${exitCodeFor(code)}`);
  if (info.side === 'service') {
    expect(user.reference !== null, 'the user was shown no log reference');
    expect(admin?.code === code, `the activation log says ${admin?.code ?? 'nothing'}, not ${code}`);
  }
  // A refusal the access rules decide is one the console's access check names
  // too (its first failing rule); SAML and app-side failures pass the rules.
  if (decisionCodes.has(code))
    expect(
      admin?.accessCheck?.code === code,
      `the access check says ${admin?.accessCheck?.code ?? 'allowed'}, not ${code}`,
    );
  return problems;
}

/** What may stand in each slot of a named message: DEVICE_RECLAIMED's days, SIGN_IN_RATE_LIMITED's wait. */
const slotValues: Readonly<Record<string, RegExp>> = {
  '{days}': /^\d+$/,
  '{minutes}': /^(?:a minute|\d+ minutes)$/,
};

/** The catalog's words, or its named form with what the refusal named in its slot. */
function isCatalogMessage(info: FailureCodeInfo, message: string | null): boolean {
  if (message === info.userMessage) return true;
  if (message === null || !info.namedMessage) return false;
  return Object.entries(slotValues).some(([slot, value]) => {
    const [before = '', after = '', ...more] = info.namedMessage?.split(slot) ?? [];
    return (
      more.length === 0 &&
      info.namedMessage?.includes(slot) === true &&
      message.startsWith(before) &&
      message.endsWith(after) &&
      value.test(message.slice(before.length, message.length - after.length))
    );
  });
}

/** Catalog codes no scenario reproduces: `--all` fails while there are any. */
export function uncoveredCodes(scenarios: readonly Scenario[]): FailureCode[] {
  const covered = new Set(scenarios.map((s) => s.code));
  return allFailureCodes.filter((code) => !covered.has(code));
}
