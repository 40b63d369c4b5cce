// The service's V8 flags are added to a worker's command line unless the operator gave their own value.
import { expect, test } from 'vitest';
import { withServiceV8Flags } from '../../backend/v8-flags.ts';

test('the young-generation cap is added to a command line without one', () => {
  expect(withServiceV8Flags(['--enable-source-maps'])).toEqual([
    '--enable-source-maps',
    '--max-semi-space-size=8',
  ]);
});

test("an operator's own semi-space size wins, on the command line (either spelling) or in NODE_OPTIONS", () => {
  expect(withServiceV8Flags(['--max-semi-space-size=16'])).toEqual(['--max-semi-space-size=16']);
  expect(withServiceV8Flags(['--max_semi_space_size=16'])).toEqual(['--max_semi_space_size=16']);
  expect(withServiceV8Flags([], '--inspect --max-semi-space-size=32')).toEqual([]);
});
