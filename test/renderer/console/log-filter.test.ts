// The activation log's filter → the query string the service reads.
import { expect, test } from 'vitest';
import { emptyLogFilter, logFilterQuery } from '../../../renderer/console/lib/log-filter.ts';
import { formatFailureDescription } from '../../../common/failure-reference.ts';

test('an empty filter asks only for the newest attempts', () => {
  expect(logFilterQuery(emptyLogFilter)).toBe('limit=200');
});

test('the reference is read the way the user reads it off their screen', () => {
  for (const typed of [formatFailureDescription('USER_NOT_IN_GROUP', 42), '#42', '42', 'ref 42'])
    expect(
      new URLSearchParams(logFilterQuery({ ...emptyLogFilter, reference: typed })).get('reference'),
    ).toBe('42');
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
