// Runs one scenario in a fresh world and sets what the end user saw beside
// what the admin finds (the activation log entry behind the reference), then
// checks both against the catalog.
import { allFailureCodes, describeFailure, type FailureCode } from '../../common/failure-codes.ts';
import { exitCodeFor, exitCodes } from '../../main/cli/exit-codes.ts';
import { startQaWorld, type QaWorld } from './qa-world.ts';
import type { UserView } from './scenario-steps.ts';
import type { Scenario } from './scenarios.ts';

/** The activation log entry the admin looks up. */
export interface AdminView {
  reference: number;
  stage: string;
  outcome: string;
  code: string | null;
}

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
    const user = await scenario.run(world).catch((err: unknown) => err as Error);
    if (user instanceof Error)
      return { ...about(scenario), user: noView, admin: null, mismatches: [`did not run: ${user.message}`] };
    const admin = await adminView(world, user);
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
};

/** The entry behind the reference the user was shown, else the newest entry. */
async function adminView(world: QaWorld, user: UserView): Promise<AdminView | null> {
  let query = world.service.deps.database.db
    .selectFrom('activation_attempts')
    .select(['id', 'stage', 'outcome', 'code'])
    .orderBy('id', 'desc');
  const reference = Number(user.reference);
  if (user.reference !== null && Number.isSafeInteger(reference)) query = query.where('id', '=', reference);
  const row = await query.executeTakeFirst();
  return row ? { reference: Number(row.id), stage: row.stage, outcome: row.outcome, code: row.code } : null;
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
  expect(user.message === info.userMessage, "the user's message is not the catalog's");
  if (user.where === 'app')
    expect(user.exitCode === exitCodeFor(code), `exit code ${user.exitCode}, not ${exitCodeFor(code)}`);
  if (info.side === 'service') {
    expect(user.reference !== null, 'the user was shown no log reference');
    expect(admin?.code === code, `the activation log says ${admin?.code ?? 'nothing'}, not ${code}`);
  }
  return problems;
}

/** Catalog codes no scenario reproduces: `--all` fails while there are any. */
export function uncoveredCodes(scenarios: readonly Scenario[]): FailureCode[] {
  const covered = new Set(scenarios.map((s) => s.code));
  return allFailureCodes.filter((code) => !covered.has(code));
}
