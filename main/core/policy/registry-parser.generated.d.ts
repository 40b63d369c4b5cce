// Types of the generated parser (registry-parser.generated.js).
export type RegistryValue =
  | { name: string; kind: 'sz' | 'expand_sz'; value: string }
  | { name: string; kind: 'dword'; value: number }
  | { name: string; kind: 'qword' | 'multi_sz' | 'binary'; value: string | number[] }
  | { name: string; kind: 'delete'; value: null };

export interface RegistrySection {
  path: string;
  deleted: boolean;
  values: RegistryValue[];
}

export declare class SyntaxError extends Error {
  location: { start: { offset: number; line: number; column: number } };
}
export declare function parse(
  input: string,
  options?: { startRule?: 'RegFile' | 'RegQuery' },
): RegistrySection[];
