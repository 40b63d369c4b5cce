// SCIM attribute names are case-insensitive (RFC 7643 §2.1): IdPs send
// "Primary", "FamilyName". Before validation, every key is renamed to the
// schema's spelling by walking the zod schema; keys the schema does not know
// are dropped (the Microsoft reference collection expects a misspelled
// attribute to be ignored), and nulls mean "unassigned" (RFC 7643 §2.5).
import { z } from 'zod';
import { attributesOf, unwrap } from './schema-attributes.ts';

export function canonicalizeKeys(value: unknown, schema: z.ZodType): unknown {
  const target = unwrap(schema);
  if (Array.isArray(value)) {
    return target instanceof z.ZodArray
      ? value.map((item) => canonicalizeKeys(item, target.element as z.ZodType))
      : value;
  }
  if (value === null || typeof value !== 'object' || !(target instanceof z.ZodObject)) return value;
  const known = attributesOf(target);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const attribute = known.get(key.toLowerCase());
    if (attribute === undefined || v === null) continue;
    out[attribute.name] = canonicalizeKeys(v, attribute.schema);
  }
  return out;
}
