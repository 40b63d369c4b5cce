// A parsed filter applied in memory to the values of one multi-valued
// attribute: the `emails[type eq "work"]` of a PATCH path (RFC 7644 §3.5.2).
// Names resolve against the element's schema; none reaches a prototype.
import type { z } from 'zod';
import type { CompValue, FilterNode } from './filter-ast.ts';
import { pathsOf } from './filter.ts';
import { findKey, type Json } from './json-keys.ts';
import { resolveAttribute } from './schema-attributes.ts';
import { badRequest } from './scim-error.ts';

/** Refuses a value-path filter naming anything but sub-attributes of the element. */
export function checkElementFilter(node: FilterNode, element: z.ZodType): void {
  for (const path of pathsOf(node)) {
    if (path.uri !== null || path.sub !== null)
      throw badRequest('a value filter names sub-attributes only', 'invalidFilter');
    resolveAttribute(element, path.name, 'invalidFilter');
  }
  if (holdsValuePath(node))
    throw badRequest('a value filter cannot hold another value path', 'invalidFilter');
}

function holdsValuePath(node: FilterNode): boolean {
  if (node.type === 'valuePath') return true;
  if (node.type === 'not') return holdsValuePath(node.filter);
  if (node.type === 'and' || node.type === 'or') return node.filters.some(holdsValuePath);
  return false;
}

const fold = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function compare(actual: unknown, op: string, expected: CompValue): boolean {
  if (expected === null) return op === 'eq' ? actual == null : op === 'ne' ? actual != null : false;
  const a = fold(actual);
  const e = fold(expected);
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'co':
      return typeof a === 'string' && a.includes(String(e));
    case 'sw':
      return typeof a === 'string' && a.startsWith(String(e));
    case 'ew':
      return typeof a === 'string' && a.endsWith(String(e));
    default: {
      if (typeof a !== typeof e || (typeof a !== 'string' && typeof a !== 'number')) return false;
      const x = a as string | number;
      const y = e as string | number;
      return op === 'gt' ? x > y : op === 'ge' ? x >= y : op === 'lt' ? x < y : x <= y;
    }
  }
}

export function matchesElement(node: FilterNode, item: Json, element: z.ZodType): boolean {
  switch (node.type) {
    case 'and':
      return node.filters.every((f) => matchesElement(f, item, element));
    case 'or':
      return node.filters.some((f) => matchesElement(f, item, element));
    case 'not':
      return !matchesElement(node.filter, item, element);
    case 'valuePath':
      throw badRequest('a value filter cannot hold another value path', 'invalidFilter');
    default: {
      const name = resolveAttribute(element, node.path.name, 'invalidFilter').name;
      const key = findKey(item, name);
      const actual = key === undefined ? undefined : item[key];
      if (node.type === 'present') return actual !== undefined && actual !== null && actual !== '';
      return compare(actual, node.op, node.value);
    }
  }
}
