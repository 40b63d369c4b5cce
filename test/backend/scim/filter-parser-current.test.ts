// The committed filter parser is what the grammar generates today: editing
// filter-grammar.peggy without `node scripts/build-scim-filter-parser.ts`
// fails here.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { generateScimFilterParser, parserFile } from '../../../scripts/build-scim-filter-parser.ts';

test('backend/scim/filter-parser.generated.js is generated from the current grammar', () => {
  expect(readFileSync(parserFile, 'utf8') === generateScimFilterParser()).toBe(true);
});
