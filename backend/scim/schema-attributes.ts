// Which attribute a name from a request addresses (RFC 7643 §2.1: names are
// case-insensitive). Every key a client sends — PATCH path segments, value
// keys, filter attribute paths — is resolved here against the resource's zod
// schema; a name the schema does not define addresses nothing, so no request
// key can ever reach an object's prototype or constructor.
import { z } from 'zod';
import { badRequest, type ScimType } from './scim-error.ts';

export function unwrap(schema: z.ZodType): z.ZodType {
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

export interface Attribute {
  /** The schema's spelling. */
  name: string;
  schema: z.ZodType;
  multiValued: boolean;
}

const byLowerName = new WeakMap<z.ZodType, Map<string, Attribute>>();

/** The attributes of a complex (or multi-valued complex) attribute, by lowercased name. */
export function attributesOf(schema: z.ZodType): Map<string, Attribute> {
  let target = unwrap(schema);
  if (target instanceof z.ZodArray) target = unwrap(target.element as z.ZodType);
  const cached = byLowerName.get(target);
  if (cached) return cached;
  const map = new Map<string, Attribute>();
  if (target instanceof z.ZodObject) {
    for (const [name, child] of Object.entries(target.shape as Record<string, z.ZodType>)) {
      map.set(name.toLowerCase(), { name, schema: child, multiValued: unwrap(child) instanceof z.ZodArray });
    }
  }
  byLowerName.set(target, map);
  return map;
}

export function resolveAttribute(
  schema: z.ZodType,
  name: string,
  scimType: ScimType = 'invalidPath',
): Attribute {
  const found = attributesOf(schema).get(name.toLowerCase());
  if (!found) throw badRequest(`unknown attribute "${name}"`, scimType);
  return found;
}

// Names that mean something to JavaScript objects, never to SCIM: refused
// wherever they appear as a key, at any depth, before anything is looked up.
const reserved = new Set(['__proto__', 'constructor', 'prototype']);
export const isReservedName = (name: string) => reserved.has(name.toLowerCase());

/** Throws a SCIM 400 when any key of `value` (or a dotted/URN part of one) is a reserved name. */
export function refuseReservedKeys(value: unknown, scimType: ScimType = 'invalidValue', depth = 0): void {
  if (depth > 32) throw badRequest('the value is nested too deeply', scimType);
  if (Array.isArray(value)) {
    for (const item of value) refuseReservedKeys(item, scimType, depth + 1);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (key.split(/[.:[\]\s]/).some(isReservedName))
      throw badRequest(`"${key}" is not an attribute`, scimType);
    refuseReservedKeys((value as Record<string, unknown>)[key], scimType, depth + 1);
  }
}
