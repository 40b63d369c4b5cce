// What a policy store held, before any key is checked: the values as written, or why
// the store could not be read. Keys come from outside (a profile, the registry), so they
// live in a Map, never on a plain object.
import type { PolicySource } from '../../../common/desktop-policy.ts';

export type RawPolicy =
  | { source: PolicySource; where: string; values: Map<string, unknown> }
  | { source: PolicySource; where: string; error: string };

/** A dictionary read from a file, as a Map; anything but a dictionary is an error. */
export function valuesOf(parsed: unknown): Map<string, unknown> | null {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  if (parsed instanceof Date || Buffer.isBuffer(parsed)) return null;
  return new Map(Object.entries(parsed));
}
