// QA's scenarios: `npm run scenario -- --all` reproduces every catalog code for
// real and exits 0 only when what the user saw and what the admin finds both
// match the catalog; a code without a scenario, or a mismatch, fails it.
import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { allFailureCodes } from '../../../common/failure-codes.ts';
import { compare, uncoveredCodes, type ScenarioResult } from '../../../devtools/qa/run-scenario.ts';
import type { UserView } from '../../../devtools/qa/scenario-steps.ts';
import { scenarios } from '../../../devtools/qa/scenarios.ts';

const secretService = Boolean(process.env.LATCHKEY_TEST_SECRET_SERVICE);

test('every catalog code has a scenario, and a code without one is reported', () => {
  expect(uncoveredCodes(scenarios)).toEqual([]);
  const withoutOne = scenarios.filter((s) => s.code !== 'SAML_REPLAYED');
  expect(uncoveredCodes(withoutOne)).toEqual(['SAML_REPLAYED']);
  expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
});

test('the check against the catalog catches a wrong code, message, exit code, log entry or access check', () => {
  const shown: UserView = {
    where: 'app',
    exitCode: 12,
    phase: 'failed',
    code: 'NO_SEATS_AVAILABLE',
    message: 'something else',
    reference: '7',
  };
  const problems = compare('USER_NOT_IN_GROUP', shown, {
    reference: 7,
    stage: 'entitlement',
    outcome: 'failure',
    code: 'NO_SEATS_AVAILABLE',
    accessCheck: { rule: 'seats', code: 'NO_SEATS_AVAILABLE' },
  });
  expect(problems).toEqual([
    'the user was shown NO_SEATS_AVAILABLE, not USER_NOT_IN_GROUP',
    "the user's message is not the catalog's",
    'the activation log says NO_SEATS_AVAILABLE, not USER_NOT_IN_GROUP',
    'the access check says NO_SEATS_AVAILABLE, not USER_NOT_IN_GROUP',
  ]);
  // A SAML refusal passes the access rules: the check allowing it is no mismatch.
  const samlShown: UserView = { ...shown, code: 'SAML_EXPIRED', message: null };
  const samlLog = { reference: 7, stage: 'acs', outcome: 'failure', code: 'SAML_EXPIRED' };
  expect(
    compare('SAML_EXPIRED', samlShown, { ...samlLog, accessCheck: { rule: null, code: null } }),
  ).not.toContain('the access check says allowed, not SAML_EXPIRED');
  expect(compare(null, { ...shown, phase: 'failed' }, null)).toContain('the app ended failed, not activated');
});

describe.skipIf(!secretService)(
  `npm run scenario -- --all${secretService ? '' : ' — skipped: no Secret Service (run through scripts/test.sh)'}`,
  () => {
    test(
      'every scenario runs headless through the CLI and matches the catalog',
      { timeout: 600_000 },
      async () => {
        const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((done) => {
          const child = spawn(process.execPath, ['devtools/scenario.ts', '--all', '--json'], {
            stdio: ['ignore', 'pipe', 'ignore'],
          });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.on('close', (exit) => done({ code: exit, stdout: out }));
        });
        const report = JSON.parse(stdout) as { results: ScenarioResult[]; uncovered: string[]; ok: boolean };
        const mismatched = report.results.filter((r) => r.mismatches.length > 0);
        expect(mismatched.map((r) => `${r.name}: ${r.mismatches.join('; ')}`)).toEqual([]);
        expect(report.uncovered).toEqual([]);
        // The admin's access check named the failing rule where the rules decided the refusal.
        const byName = new Map(report.results.map((r) => [r.name, r]));
        expect(byName.get('user-not-in-group')?.admin?.accessCheck).toEqual({
          rule: 'group',
          code: 'USER_NOT_IN_GROUP',
        });
        expect(
          report.results
            .map((r) => r.code)
            .filter((c) => c !== null)
            .sort(),
        ).toEqual([...allFailureCodes].sort());
        expect([code, report.ok]).toEqual([0, true]);
      },
    );
  },
);
