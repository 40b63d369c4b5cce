// Runs each benchmark as its own process (one at a time, so they never share
// the two cores), shows progress on the terminal, and writes bench/report.md
// and bench/report.json: the machine, the date and commit, each figure with
// its goal and, where there is one, the peer measured in the same run.
import { execFileSync, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { benches, figures, measure, type BenchName, type Measured } from './figures.ts';

function runBench(name: BenchName): Promise<{ json: unknown; seconds: number; error?: string }> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [new URL(`./${name}-bench.ts`, import.meta.url).pathname], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
for (const [i, name] of chosen.entries()) {
  process.stderr.write(`bench ${i + 1}/${chosen.length}: ${name} …\n`);
  const result = await runBench(name);
  raw[name] = result.json;
  if (result.error) errors[name] = result.error;
  const own = figures.filter((f) => f.bench === name).map((f) => measure(f, result.json));
  measured.push(...own);
  process.stderr.write(
    `bench ${i + 1}/${chosen.length}: ${name} done in ${result.seconds} s${result.error ? ` (${result.error})` : ''}\n`,
  );
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
    const others = (previous.figures ?? []).filter((m) => !chosen.includes(m.bench as BenchName));
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

function line(m: Measured): string {
  const value = m.value === null ? 'not measured' : `${m.value} ${m.unit}`;
  const peer = m.peer ? ` · ${m.peer.name} ${m.peer.value ?? '?'} ${m.unit} → ${m.ratio ?? '?'}×` : '';
  const goal = m.goal ? ` · goal ${m.goal}: ${m.met === null ? '?' : m.met ? 'met' : 'NOT met'}` : '';
  return `${m.name}: ${value}${peer}${goal}`;
}

const cell = (v: number | null, unit = '') => (v === null ? '—' : `${v}${unit && ` ${unit}`}`);
const md = [
  '# Latchkey benchmark report',
  '',
  `Written by \`npm run bench\` on ${run.date} at commit \`${run.commit}\`${run.dirty ? ' (with uncommitted changes)' : ''}.`,
  `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; load average at start ${machine.loadAverageAtStart.join(' / ')}.`,
  'Each benchmark ran as its own process, one after the other. Compare ratios against the peer measured in the same run, not absolute times across runs.',
  '',
  ...(keptNote ? [keptNote, ''] : []),
  '| benchmark | figure | value | peer (same run) | ratio | goal | met |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...measured.map(
    (m) =>
      `| ${m.bench} | ${m.name} | ${cell(m.value, m.unit)} | ${m.peer ? `${m.peer.name}: ${cell(m.peer.value, m.unit)}` : ''} | ${m.ratio === null ? '' : `${m.ratio}×`} | ${m.goal ?? ''} | ${m.met === null ? '' : m.met ? 'yes' : '**no**'} |`,
  ),
  '',
  ...(Object.keys(errors).length > 0
    ? ['Benchmarks that failed:', ...Object.entries(errors).map(([b, e]) => `- ${b}: ${e}`), '']
    : []),
  'The raw output of every benchmark is in `bench/report.json`.',
  '',
].join('\n');

await writeFile(new URL('./report.md', import.meta.url), md);
await writeFile(
  new URL('./report.json', import.meta.url),
  `${JSON.stringify({ machine, run, figures: measured, raw, errors }, null, 2)}\n`,
);
process.stderr.write('wrote bench/report.md and bench/report.json\n');
process.exitCode = Object.keys(errors).length > 0 ? 1 : 0;
