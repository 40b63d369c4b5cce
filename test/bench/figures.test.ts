// The benchmark report's reading of each benchmark's JSON: figures found by
// path (never through inherited keys), the ratio to the same-run peer, and
// the goal judged on the value or the ratio as it is written.
import { expect, test } from 'vitest';
import { figures, measure, runsOf, valueAt } from '../../bench/figures.ts';

test('a figure is read by its path; a missing or inherited key is not measured', () => {
  const json = { a: { b: 3.5 }, s: 'text' };
  expect(valueAt(json, 'a.b')).toBe(3.5);
  expect(valueAt(json, 'a.c')).toBeUndefined();
  expect(valueAt(json, 's')).toBeUndefined();
  expect(valueAt(json, 'constructor')).toBeUndefined();
  expect(valueAt(json, 'a.__proto__')).toBeUndefined();
});

test('the ACS figure is judged as a ratio to node-saml measured in the same run', () => {
  const acs = figures.find((f) => f.path === 'assertionSigned.ourFullPathMsPerResponse');
  if (!acs) throw new Error('no ACS figure');
  const run = (ours: number, nodeSaml: number) => ({
    assertionSigned: { ourFullPathMsPerResponse: ours, nodeSamlMsPerResponse: nodeSaml },
  });
  const fast = measure(acs, run(4.5, 5));
  expect([fast.ratio, fast.met]).toEqual([0.9, true]);
  const even = measure(acs, run(5, 5));
  expect([even.ratio, even.met]).toEqual([1, false]);
  const slow = measure(acs, run(9, 5));
  expect([slow.ratio, slow.met]).toEqual([1.8, false]);
  const absent = measure(acs, {});
  expect([absent.value, absent.ratio, absent.met]).toEqual([null, null, null]);
});

test('the check-in goal is absolute, beside the /healthz floor', () => {
  const http = figures.find((f) => f.path === 'sqlite.checkIns.perSecond');
  if (!http) throw new Error('no HTTP check-in figure');
  const m = measure(http, { sqlite: { checkIns: { perSecond: 3100 }, healthz: { perSecond: 15_500 } } });
  expect([m.ratio, m.met]).toEqual([0.2, true]);
  expect(
    measure(http, { sqlite: { checkIns: { perSecond: 1356 }, healthz: { perSecond: 17_700 } } }).met,
  ).toBe(false);
});

test('a scale row is judged per database (≤ 50 ms SQLite, ≤ 100 ms PostgreSQL); a row a build lacks is not measured', () => {
  const row = (db: string) => figures.find((f) => f.path === `${db}.rows.logByEmail.p95Ms`);
  const sqlite = row('sqlite');
  const postgres = row('postgres');
  if (!sqlite || !postgres) throw new Error('no scale rows');
  const run = {
    sqlite: { rows: { logByEmail: { p95Ms: 70 } } },
    postgres: { rows: { logByEmail: { p95Ms: 70 } } },
  };
  expect([measure(sqlite, run).met, measure(postgres, run).met]).toEqual([false, true]);
  const lacking = { sqlite: { rows: { logByEmail: { note: 'not on this build (HTTP 400)' } } } };
  expect([measure(sqlite, lacking).value, measure(sqlite, lacking).met]).toEqual([null, null]);
});

test('over five runs a figure is the median with min–max beside it, its ratio the median of same-run ratios', () => {
  const goal = figures.find((f) => f.issueGoal === '27.3' && f.path === 'sqlite.checkIns.perSecond');
  if (!goal) throw new Error('no issue 27.3 figure');
  const run = (checkIns: number, healthz: number) => ({
    sqlite: { checkIns: { perSecond: checkIns }, healthz: { perSecond: healthz } },
  });
  // Ratios 0.3, 0.2, 0.26, 0.28, 0.25: median 0.26 (met) though one run was below the line.
  const m = measure(goal, [
    run(3000, 10_000),
    run(2000, 10_000),
    run(2600, 10_000),
    run(2800, 10_000),
    run(2500, 10_000),
  ]);
  expect(m.value).toBe(2600);
  expect(m.spread).toEqual({ min: 2000, max: 3000 });
  expect(m.ratio).toBe(0.26);
  expect(m.ratioSpread).toEqual({ min: 0.2, max: 0.3 });
  expect([m.runs, m.met, m.metInEveryRun]).toEqual([5, true, false]);
  const steady = measure(goal, [run(3000, 10_000), run(2700, 10_000), run(2900, 10_000)]);
  expect([steady.met, steady.metInEveryRun]).toEqual([true, true]);
  // A run that printed nothing for the figure does not count as zero.
  expect(measure(goal, [run(3000, 10_000), {}, run(2800, 10_000)]).runs).toBe(2);
});

test("a benchmark's own rounds ({ median, min, max, runs }) are taken as they are", () => {
  expect(valueAt({ a: { median: 4, min: 3, max: 9, runs: 5 } }, 'a')).toBe(4);
  const flat = figures.find((f) => f.path === 'sqlite.checkIn.at1000000.p50Ms');
  if (!flat) throw new Error('no flat-cost figure');
  const m = measure(flat, {
    sqlite: {
      checkIn: { at1000: { p50Ms: 1 }, at1000000: { p50Ms: { median: 1.1, min: 1, max: 1.3, runs: 5 } } },
    },
  });
  expect([m.value, m.spread, m.runs, m.ratio, m.met]).toEqual([1.1, { min: 1, max: 1.3 }, 5, 1.1, true]);
  // 1.3× at the worse end of its own rounds: met by the median only.
  expect(m.metInEveryRun).toBe(false);
});

test("goal 27.8's rows, on both databases, quote the ratio of the bench's paired rounds with their spread", () => {
  const rows = figures.filter((f) => f.issueGoal === '27.8').map((f) => f.path);
  expect(rows).toEqual([
    'sqlite.checkIn.at1000000.p50Ms',
    'sqlite.scim.at100000.usersPerSecond',
    'postgres.checkIn.at1000000.p50Ms',
    'postgres.scim.at100000.usersPerSecond',
  ]);
  const scim = figures.find((f) => f.path === 'postgres.scim.at100000.usersPerSecond');
  if (!scim) throw new Error('no PostgreSQL SCIM figure');
  // The medians alone say 0.9× (met); the rounds, each against its own peer round, 0.8–1.0×.
  const m = measure(scim, {
    postgres: {
      scim: {
        at1000: { usersPerSecond: { median: 200, min: 150, max: 260, runs: 5 } },
        at100000: { usersPerSecond: { median: 180, min: 120, max: 250, runs: 5 } },
        ratio: { median: 0.92, min: 0.8, max: 1.01, runs: 5 },
      },
    },
  });
  expect([m.ratio, m.ratioSpread, m.met, m.metInEveryRun]).toEqual([
    0.92,
    { min: 0.8, max: 1.01 },
    true,
    false,
  ]);
});

test('the benchmarks that build a 100,000-user tenant, and the SAML bench with its own rounds, run once; the others five times (or BENCH_RUNS)', () => {
  expect([runsOf('scale', 5), runsOf('seats', 5), runsOf('flat-cost', 5), runsOf('saml', 5)]).toEqual([
    1, 1, 1, 1,
  ]);
  expect([runsOf('http-checkin', 5), runsOf('licensing', 3), runsOf('licensing', Number.NaN)]).toEqual([
    5, 3, 5,
  ]);
});
