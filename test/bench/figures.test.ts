// The benchmark report's reading of each benchmark's JSON: figures found by
// path (never through inherited keys), the ratio to the same-run peer, and
// the goal judged on the value or the ratio as it is written.
import { expect, test } from 'vitest';
import { figures, measure, valueAt } from '../../bench/figures.ts';

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
