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
    email: 'alice@acme.test',
  };
  const problems = compare('USER_NOT_IN_GROUP', shown, {
    reference: '7',
    email: 'alice@acme.test',
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
  const samlLog = {
    reference: '7',
    email: 'alice@acme.test',
    stage: 'acs',
    outcome: 'failure',
    code: 'SAML_EXPIRED',
  };
  expect(
    compare('SAML_EXPIRED', samlShown, { ...samlLog, accessCheck: { rule: null, code: null } }),
  ).not.toContain('the access check says allowed, not SAML_EXPIRED');
  expect(compare(null, { ...shown, phase: 'failed' }, null)).toContain('the app ended failed, not activated');
});

/** Runs the scenario command as QA does and returns its --json report. */
function scenarioReport(
  args: string[],
): Promise<{ code: number | null; report: { results: ScenarioResult[] } }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['devtools/scenario.ts', ...args, '--json'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (exit) =>
      done({ code: exit, report: JSON.parse(out) as { results: ScenarioResult[] } }),
    );
  });
}

// Issue 20 item 8: with --json, stdout is JSON whatever happens; npm's banner stays out with -s.
test('scenario --json: a usage error is the error object on stdout, exit 2', async () => {
  for (const args of [['nope'], ['--bogus'], []]) {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((done) => {
      const child = spawn(process.execPath, ['devtools/scenario.ts', '--json', ...args], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (exit) => done({ code: exit, stdout: out }));
    });
    expect(code, args.join(' ')).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: { code: 'USAGE', message: expect.any(String) },
      exitCode: 2,
    });
  }
});

test.skipIf(!secretService)(
  'npm run -s scenario -- --list --json prints only JSON on stdout (the documented form)',
  async () => {
    const stdout = await new Promise<string>((done) => {
      const child = spawn('npm', ['run', '-s', 'scenario', '--', '--list', '--json'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', () => done(out));
    });
    const listed = JSON.parse(stdout) as { name: string }[];
    expect(listed.map((s) => s.name)).toEqual(scenarios.map((s) => s.name));
  },
);

// Issue 20 item 11: the admin column shows the attempt that belongs to the scenario, never an
// earlier success row; a failure the app decided on its own has no log entry, and says so.
test.skipIf(!secretService)(
  'the admin column: the attempt of the scenario (by reference, else by code and email since it started), or none for what the app decided',
  { timeout: 120_000 },
  async () => {
    const { code, report } = await scenarioReport([
      'happy-path',
      'license-untrusted',
      'sign-in-response-invalid',
      'user-not-in-group',
    ]);
    expect(code).toBe(0);
    const byName = new Map(report.results.map((r) => [r.name, r]));
    expect(byName.get('license-untrusted')?.admin).toBeNull();
    expect(byName.get('sign-in-response-invalid')?.admin).toBeNull();
    expect(byName.get('happy-path')?.admin).toMatchObject({
      stage: 'activation',
      outcome: 'success',
      code: null,
      email: 'alice@acme.test',
    });
    const refused = byName.get('user-not-in-group');
    expect(refused?.admin).toMatchObject({ outcome: 'failure', code: 'USER_NOT_IN_GROUP' });
    // One type for a reference everywhere in the JSON: the string the user was shown.
    expect(typeof refused?.user.reference).toBe('string');
    expect(refused?.admin?.reference).toBe(refused?.user.reference);
    expect(typeof byName.get('happy-path')?.admin?.reference).toBe('string');
  },
);

test.skipIf(!secretService)(
  'the text report says when the app decided a failure on its own',
  { timeout: 60_000 },
  async () => {
    const out = await new Promise<string>((done) => {
      const child = spawn(process.execPath, ['devtools/scenario.ts', 'license-untrusted'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', () => done(text));
    });
    expect(out).toMatch(/admin {2}no log entry \(decided by the app\)/);
    expect(out).not.toMatch(/activation log #/);
  },
);

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
