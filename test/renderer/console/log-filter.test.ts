// The activation log's filter → the query string the service reads.
import { expect, test } from 'vitest';
import { attemptCount, emptyLogFilter, logFilterQuery } from '../../../renderer/console/lib/log-filter.ts';
import { formatFailureDescription } from '../../../common/failure-reference.ts';

test('an empty filter sends no filter (the list adds its page size and cursor)', () => {
  expect(logFilterQuery(emptyLogFilter)).toBe('');
});

test('the reference is sent as typed, so the service reads it or refuses it (never dropped)', () => {
  for (const typed of [formatFailureDescription('USER_NOT_IN_GROUP', 42), '#42', 'ref 42', 'banana'])
    expect(
      new URLSearchParams(logFilterQuery({ ...emptyLogFilter, reference: ` ${typed} ` })).get('reference'),
    ).toBe(typed);
});

test('the count of attempts is "1 attempt", "2 attempts", "0 attempts"', () => {
  expect([0, 1, 2].map((n) => attemptCount(n))).toEqual(['0 attempts', '1 attempt', '2 attempts']);
  expect(attemptCount(100, true)).toBe('100 attempts, more to load');
});

test('email, code, outcome and the time range are sent; local times as instants', () => {
  const q = new URLSearchParams(
    logFilterQuery({
      email: ' carol@acme.test ',
      code: 'USER_NOT_IN_GROUP',
      outcome: 'failure',
      reference: '',
      from: '2026-12-01T10:00',
      to: 'not a time',
    }),
  );
  expect(q.get('email')).toBe('carol@acme.test');
  expect(q.get('code')).toBe('USER_NOT_IN_GROUP');
  expect(q.get('outcome')).toBe('failure');
  expect(q.get('from')).toBe(new Date('2026-12-01T10:00').toISOString());
  expect(q.has('to')).toBe(false);
});
