// npm run -s scenario -- <name…> | --all | --list [--json]: QA reproduces an
// activation failure on purpose, headless. Each scenario runs in a fresh world
// and prints what the end user saw (the CLI's message and exit code) beside
// what the admin finds (the activation log entry behind the reference, and
// the console's access check for that email), and whether both match the catalog. Exit 1 on any mismatch or uncovered code,
// 2 on bad arguments.
import { Command, CommanderError } from 'commander';
import { describeFailure } from '../common/failure-codes.ts';
import { runScenario, uncoveredCodes, type ScenarioResult } from './qa/run-scenario.ts';
import { scenarios, type Scenario } from './qa/scenarios.ts';

const program = new Command('scenario')
  .description('reproduce activation failures on purpose, headless')
  .argument('[names...]', 'scenarios to run (see --list)')
  .option('--all', 'run every scenario; fails when a catalog code has none', false)
  .option('--list', 'list the scenarios and the codes they reproduce', false)
  .option('--json', 'print results as JSON', false)
  .exitOverride()
  // With --json, stdout is one JSON document whatever happens: a usage error too.
  .configureOutput({ writeErr: (s) => wantsJson() || process.stderr.write(s) });

const wantsJson = () => process.argv.slice(2).includes('--json');
const line = (s = '') => process.stdout.write(`${s}\n`);

function usageError(message: string): never {
  if (wantsJson()) line(JSON.stringify({ error: { code: 'USAGE', message }, exitCode: 2 }));
  else process.stderr.write(`scenario: ${message}\n`);
  process.exit(2);
}

try {
  program.parse();
} catch (err) {
  if (err instanceof CommanderError && err.exitCode === 0) process.exit(0);
  if (wantsJson()) usageError((err as Error).message.replace(/^error: /, ''));
  process.exit(2);
}
const opts = program.opts<{ all: boolean; list: boolean; json: boolean }>();
const names = program.args;

if (opts.list) {
  if (opts.json) line(JSON.stringify(scenarios.map(({ name, code, cause }) => ({ name, code, cause }))));
  else
    for (const s of scenarios) line(`${s.name.padEnd(28)} ${(s.code ?? 'activated').padEnd(26)} ${s.cause}`);
  process.exit(0);
}

const unknown = names.filter((n) => !scenarios.some((s) => s.name === n));
if (unknown.length > 0 || (!opts.all && names.length === 0))
  usageError(
    unknown.length > 0
      ? `no scenario named ${unknown.join(', ')} (see --list)`
      : 'name one or more scenarios, or --all (see --list)',
  );
const chosen: Scenario[] = opts.all ? scenarios : scenarios.filter((s) => names.includes(s.name));

const results: ScenarioResult[] = [];
for (const s of chosen) {
  if (!opts.json) process.stderr.write(`… ${s.name}\n`);
  const result = await runScenario(s);
  results.push(result);
  if (!opts.json) print(result);
}
const uncovered = opts.all ? uncoveredCodes(scenarios) : [];
const failed = results.filter((r) => r.mismatches.length > 0);

if (opts.json)
  line(JSON.stringify({ results, uncovered, ok: failed.length === 0 && uncovered.length === 0 }, null, 2));
else {
  if (uncovered.length > 0) line(`catalog codes without a scenario: ${uncovered.join(', ')}`);
  line(`${results.length - failed.length} of ${results.length} scenarios match the catalog`);
}
process.exit(failed.length === 0 && uncovered.length === 0 ? 0 : 1);

function print(r: ScenarioResult): void {
  const verdict = r.mismatches.length === 0 ? 'matches the catalog' : `MISMATCH: ${r.mismatches.join('; ')}`;
  line(`${r.code ?? 'ACTIVATED'} — ${r.name}: ${verdict}`);
  line(`  cause  ${r.cause}`);
  const u = r.user;
  const shown = u.message ?? (u.phase === 'activated' ? 'activated' : '(no message)');
  line(
    `  user   ${u.where === 'browser' ? 'browser tab' : `latchkey exit ${u.exitCode}`} · ${u.code ?? '-'} · "${shown}"${u.reference ? ` · reference ${u.reference}` : ''}`,
  );
  const a = r.admin;
  line(
    a
      ? `  admin  activation log #${a.reference} · stage ${a.stage} · ${a.outcome} · ${a.code ?? '-'}${r.code ? ` · remedy: ${describeFailure(r.code).adminRemedy}` : ''}`
      : `  admin  ${r.code && describeFailure(r.code).side === 'service' ? 'no log entry found for this attempt' : 'no log entry (decided by the app)'}`,
  );
  const check = a?.accessCheck;
  if (check)
    line(
      check.code
        ? `  check  Why can't this user activate? rule "${check.rule}" fails · ${check.code}`
        : "  check  Why can't this user activate? every access rule passes",
    );
  line();
}
