// Types of the generated parser (filter-parser.generated.js).
import type { FilterNode } from './filter-ast.ts';

export interface FilterLocation {
  start: { offset: number; line: number; column: number };
  end: { offset: number; line: number; column: number };
}
export declare class SyntaxError extends Error {
  location: FilterLocation;
  expected: unknown[] | null;
  found: string | null;
}
export declare function parse(input: string, options?: { startRule?: 'Filter' }): FilterNode;
