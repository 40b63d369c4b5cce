// Case-insensitive key access on SCIM JSON (RFC 7643 §2.1).
export type Json = Record<string, unknown>;

export const findKey = (obj: Json, name: string): string | undefined =>
  Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());

/** Removes the attribute whatever its case; a no-op when absent. */
export function removeKey(obj: Json, name: string): void {
  const key = findKey(obj, name);
  if (key !== undefined) Reflect.deleteProperty(obj, key);
}
