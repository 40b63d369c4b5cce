// Step 5 lists each Bearer Token and Client Secret after its one showing by its
// prefix and last four characters, as GitHub and Stripe list keys; one made
// before the service kept those characters says so in plain words.
import { expect, test } from 'vitest';
import { secretEnding } from '../../../renderer/console/lib/secret-ending.ts';

test('a token or secret reads as its prefix, an ellipsis and its last four characters', () => {
  expect(secretEnding('token', 'AbCd')).toBe('lks_…AbCd');
  expect(secretEnding('secret', 'x-9_')).toBe('lkss_…x-9_');
});

test('one from before the last characters were kept says so, not a made-up ending', () => {
  expect(secretEnding('token', null)).toBe('ending not kept (created before Latchkey kept last characters)');
  expect(secretEnding('secret', null)).toBe('ending not kept (created before Latchkey kept last characters)');
});
