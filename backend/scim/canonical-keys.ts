// SCIM attribute names are case-insensitive (RFC 7643 §2.1): IdPs send
// "Primary", "FamilyName". Before validation, every key is renamed to the
// schema's spelling by walking the zod schema; keys the schema does not know
// are dropped (the Microsoft reference collection expects a misspelled
// attribute to be ignored), and nulls mean "unassigned" (RFC 7643 §2.5).
import { z } from 'zod';

function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.out as z.ZodType;
    } else {
      return s;
    }
  }
}

export function canonicalizeKeys(value: unknown, schema: z.ZodType): unknown {
  const target = unwrap(schema);
  if (Array.isArray(value)) {
    return target instanceof z.ZodArray
      ? value.map((item) => canonicalizeKeys(item, target.element as z.ZodType))
      : value;
  }
  if (value === null || typeof value !== 'object' || !(target instanceof z.ZodObject)) return value;
  const shape = target.shape as Record<string, z.ZodType>;
  const byLower = new Map(Object.keys(shape).map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const canonical = byLower.get(key.toLowerCase());
    if (canonical === undefined || v === null) continue;
    const child = shape[canonical];
    out[canonical] = child ? canonicalizeKeys(v, child) : v;
  }
  return out;
}
