// Runs each benchmark as its own process (one at a time, so they never share
// the two cores), shows progress on the terminal, and writes bench/report.md
// and bench/report.json: the machine, the date and commit, each figure with
// its goal and, where there is one, the peer measured in the same run. Each
// benchmark runs `runsOf(name)` times (5, or BENCH_RUNS; those that build a
// 100,000-user tenant once): a figure is the median with min–max beside it.
import { execFileSync, spawn } from 'node:child_process';
import { serviceV8Flags } from '../backend/v8-flags.ts';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { benches, figures, measure, runsOf, type BenchName, type Measured, type Spread } from './figures.ts';

function runBench(name: BenchName): Promise<{ json: unknown; seconds: number; error?: string }> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [...serviceV8Flags, new URL(`./${name}-bench.ts`, import.meta.url).pathname],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const seconds = +((performance.now() - started) / 1000).toFixed(1);
      const start = out.indexOf('{');
      try {
        done({ json: JSON.parse(out.slice(start)), seconds, ...(code !== 0 && { error: `exit ${code}` }) });
      } catch {
        done({ json: {}, seconds, error: `exit ${code}: ${err.trim().split('\n').slice(-3).join(' ')}` });
      }
    });
  });
}

const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

const named = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const only = (named.length > 0 ? named : process.env.BENCH?.split(',')) as BenchName[] | undefined;
const chosen = benches.filter((b) => !only || only.includes(b));
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  loadAverageAtStart: loadavg().map((l) => +l.toFixed(2)),
};
const run = {
  date: new Date().toISOString(),
  commit: git('rev-parse', '--short', 'HEAD'),
  dirty: git('status', '--porcelain') !== '',
};
const raw: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
const errors: Record<string, string> = Object.create(null) as Record<string, string>;
const measured: Measured[] = [];
/** "min–max" when the runs differ; nothing for one run or a report written before spreads. */
const range = (s: Spread | null | undefined, suffix = '') =>
  s && s.min !== s.max ? `${s.min}–${s.max}${suffix}` : '';
const withRange = (v: number | null, s: Spread | null | undefined, unit = '', suffix = '') =>
  v === null ? '—' : `${v}${suffix}${unit && ` ${unit}`}${range(s, suffix) && ` (${range(s, suffix)})`}`;
const runsCell = (m: Measured) => (m.runs === undefined ? '' : String(m.runs));
/** Met by the median only, or in every run too (a goal that holds with margin). */
const metCell = (m: Measured) =>
  m.met === null ? '' : !m.met ? '**no**' : m.metInEveryRun === false ? 'yes (median only)' : 'yes';

function line(m: Measured): string {
  const value = m.value === null ? 'not measured' : withRange(m.value, m.spread, m.unit);
  const peer = m.peer
    ? ` · ${m.peer.name} ${withRange(m.peer.value, m.peer.spread, m.unit)} → ${withRange(m.ratio, m.ratioSpread, '', '×')}`
    : '';
  const goal = m.goal ? ` · goal ${m.goal}: ${m.met === null ? '?' : metCell(m).replaceAll('*', '')}` : '';
  return `${m.name}: ${value}${peer}${goal}`;
}

const loadNow = () => loadavg().map((l) => +l.toFixed(2));
const loadAtStart: Record<string, number[][]> = Object.create(null) as Record<string, number[][]>;
for (const [i, name] of chosen.entries()) {
  const runs = runsOf(name);
  const jsons: unknown[] = [];
  loadAtStart[name] = [];
  for (let r = 1; r <= runs; r++) {
    const load = loadNow();
    loadAtStart[name].push(load);
    process.stderr.write(
      `bench ${i + 1}/${chosen.length}: ${name}, run ${r}/${runs} (load ${load.join(' / ')}) …\n`,
    );
    const result = await runBench(name);
    jsons.push(result.json);
    if (result.error) errors[name] = `${errors[name] ? `${errors[name]}; ` : ''}run ${r}: ${result.error}`;
    process.stderr.write(
      `bench ${i + 1}/${chosen.length}: ${name}, run ${r}/${runs} done in ${result.seconds} s${result.error ? ` (${result.error})` : ''}\n`,
    );
  }
  raw[name] = runs === 1 ? jsons[0] : jsons;
  const own = figures.filter((f) => f.bench === name).map((f) => measure(f, jsons));
  measured.push(...own);
  for (const m of own) process.stderr.write(`  ${line(m)}\n`);
}

// A run of some benchmarks keeps the others' figures from the last report (said so in it), so
// `node bench/run.ts scale` does not erase the rest of bench/report.md.
let keptNote = '';
if (only) {
  try {
    const previous = JSON.parse(await readFile(new URL('./report.json', import.meta.url), 'utf8')) as {
      run?: { date?: string; commit?: string };
      figures?: Measured[];
      raw?: Record<string, unknown>;
    };
    // A report written before figures named their issue goal gets them from today's definitions.
    const others = (previous.figures ?? [])
      .filter((m) => !chosen.includes(m.bench as BenchName))
      .map((m) => ({
        ...m,
        issueGoal:
          m.issueGoal ?? figures.find((f) => f.bench === m.bench && f.name === m.name)?.issueGoal ?? null,
      }));
    measured.unshift(...others);
    const kept = [...new Set(others.map((m) => m.bench))];
    for (const bench of kept)
      if (previous.raw && Object.hasOwn(previous.raw, bench)) raw[bench] = previous.raw[bench];
    if (kept.length > 0)
      keptNote = `Figures of benchmarks not run this time (${kept.join(', ')}) are kept from the report of ${previous.run?.date ?? '?'} at \`${previous.run?.commit ?? '?'}\`.`;
  } catch {
    // no earlier report: only this run's figures
  }
}

const issueGoals = measured
  .filter((m) => m.issueGoal)
  .sort((a, b) => (a.issueGoal ?? '').localeCompare(b.issueGoal ?? '', 'en', { numeric: true }));
const md = [
  '# Latchkey benchmark report',
  '',
  `Written by \`npm run bench\` on ${run.date} at commit \`${run.commit}\`${run.dirty ? ' (with uncommitted changes)' : ''}.`,
  `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; load average at start ${machine.loadAverageAtStart.join(' / ')} (1 / 5 / 15 min; each run's own in \`bench/report.json\`).`,
  'Each benchmark ran as its own process, one after the other, several times: a figure is the median of its runs with the lowest and highest in brackets, and a ratio is the median of the ratios to the peer measured in the same run. Compare ratios, not absolute times across runs. "yes (median only)": the median meets the goal but at least one run did not (the goal holds at the line, not with margin).',
  '',
  ...(keptNote ? [keptNote, ''] : []),
  ...(issueGoals.length > 0
    ? [
        '## Goals',
        '',
        '| goal | figure | median (min–max) | peer, same run | ratio (min–max) | goal | runs | met |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...issueGoals.map(
          (m) =>
            `| ${m.issueGoal} | ${m.name} | ${withRange(m.value, m.spread, m.unit)} | ${m.peer ? `${m.peer.name}: ${withRange(m.peer.value, m.peer.spread, m.unit)}` : ''} | ${m.ratio === null ? '' : withRange(m.ratio, m.ratioSpread, '', '×')} | ${m.goal ?? ''} | ${runsCell(m)} | ${metCell(m)} |`,
        ),
        '',
        '## Every figure',
        '',
      ]
    : []),
  '| benchmark | figure | median (min–max) | peer (same run) | ratio (min–max) | goal | runs | met |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...measured.map(
    (m) =>
      `| ${m.bench} | ${m.name} | ${withRange(m.value, m.spread, m.unit)} | ${m.peer ? `${m.peer.name}: ${withRange(m.peer.value, m.peer.spread, m.unit)}` : ''} | ${m.ratio === null ? '' : withRange(m.ratio, m.ratioSpread, '', '×')} | ${m.goal ?? ''} | ${runsCell(m)} | ${metCell(m)} |`,
  ),
  '',
  ...(Object.keys(errors).length > 0
    ? ['Benchmarks that failed:', ...Object.entries(errors).map(([b, e]) => `- ${b}: ${e}`), '']
    : []),
  'The raw output of every run of every benchmark is in `bench/report.json`.',
  '',
].join('\n');

await writeFile(new URL('./report.md', import.meta.url), md);
await writeFile(
  new URL('./report.json', import.meta.url),
  `${JSON.stringify({ machine, run, loadAtStart, figures: measured, raw, errors }, null, 2)}\n`,
);
process.stderr.write('wrote bench/report.md and bench/report.json\n');
process.exitCode = Object.keys(errors).length > 0 ? 1 : 0;
