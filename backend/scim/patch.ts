// PATCH operations (RFC 7644 §3.5.2) applied to a resource held in memory;
// the caller validates the result and stores it in one transaction, so the
// operations of one request apply all or none. Accepts Entra's dialect
// ("Replace", path-less objects with dotted keys) and Okta's.
import SCIMMY from 'scimmy';
import { z } from 'zod';
import { badRequest } from './scim-error.ts';
import { findKey, removeKey, type Json } from './json-keys.ts';
import { urn } from './scim-urns.ts';

export type PatchOpName = 'add' | 'replace' | 'remove';

export const patchRequestSchema = z.object({
  schemas: z
    .array(z.string())
    .refine((s) => s.includes(urn.patchOp), { message: `schemas must contain ${urn.patchOp}` }),
  Operations: z
    .array(
      z
        .object({
          op: z
            .string()
            .transform((s) => s.toLowerCase())
            .pipe(z.enum(['add', 'replace', 'remove'])),
          path: z.string().max(1000).optional(),
          value: z.unknown().optional(),
        })
        .loose(),
    )
    .min(1)
    .max(1000),
});
export type PatchOperation = z.infer<typeof patchRequestSchema>['Operations'][number];

/** Case-insensitive top-level keys, with the extension URN prefix split off. */
export interface ParsedPath {
  extension: string | undefined;
  attribute: string;
  filter: string | undefined;
  sub: string | undefined;
}

const pathPattern = /^([A-Za-z$][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z$][\w$-]*))?$/;

export function parsePath(path: string, extensions: readonly string[]): ParsedPath {
  let rest = path.trim();
  let extension: string | undefined;
  for (const ext of extensions) {
    if (rest.toLowerCase().startsWith(`${ext.toLowerCase()}:`)) {
      extension = ext;
      rest = rest.slice(ext.length + 1);
    }
  }
  const m = pathPattern.exec(rest);
  if (!m?.[1]) throw badRequest(`invalid path "${path}"`, 'invalidPath');
  return { extension, attribute: m[1], filter: m[2], sub: m[3] };
}

function matches(filter: string, items: Json[]): Set<Json> {
  try {
    return new Set(new SCIMMY.Types.Filter(filter).match(items) as Json[]);
  } catch (err) {
    throw badRequest(`invalid filter in path: ${(err as Error).message}`, 'invalidFilter');
  }
}

/** `type eq "work"` → {type: 'work'}: what a replace creates when no element matches (Entra). */
function seedFrom(filter: string): Json | undefined {
  const m = /^\s*(\w+)\s+eq\s+"([^"]*)"\s*$/i.exec(filter);
  return m?.[1] ? { [m[1]]: m[2] } : undefined;
}

function merge(target: Json, key: string, value: unknown, op: 'add' | 'replace'): void {
  const existingKey = findKey(target, key) ?? key;
  const current = target[existingKey];
  if (op === 'add' && Array.isArray(current)) {
    target[existingKey] = [...current, ...(Array.isArray(value) ? value : [value])];
  } else if (
    op === 'add' &&
    current &&
    typeof current === 'object' &&
    value &&
    typeof value === 'object' &&
    !Array.isArray(value)
  ) {
    target[existingKey] = { ...(current as Json), ...(value as Json) };
  } else {
    target[existingKey] = value;
  }
}

function applyAt(resource: Json, op: PatchOperation, path: ParsedPath): void {
  const container = path.extension ? ((resource[path.extension] ??= {}) as Json) : resource;
  const key = findKey(container, path.attribute) ?? path.attribute;

  if (!path.filter) {
    if (path.sub) {
      const parent = (container[key] ??= {}) as Json;
      if (op.op === 'remove') removeKey(parent, path.sub);
      else merge(parent, path.sub, op.value, op.op);
      return;
    }
    if (op.op === 'remove') {
      if (Array.isArray(container[key]) && op.value !== undefined) {
        // Entra removes members/elements by listing them as the value.
        const drop = new Set(
          (Array.isArray(op.value) ? op.value : [op.value]).map((v) =>
            JSON.stringify((v as Json).value ?? v),
          ),
        );
        container[key] = (container[key] as Json[]).filter((item) => !drop.has(JSON.stringify(item.value)));
      } else {
        removeKey(container, key);
      }
      return;
    }
    merge(container, key, op.value, op.op);
    return;
  }

  const items = Array.isArray(container[key]) ? (container[key] as Json[]) : [];
  const hit = matches(path.filter, items);
  if (op.op === 'remove') {
    container[key] = path.sub
      ? items.map((item) => {
          if (!hit.has(item)) return item;
          const copy = { ...item };
          removeKey(copy, path.sub ?? '');
          return copy;
        })
      : items.filter((item) => !hit.has(item));
    return;
  }
  if (hit.size === 0) {
    const seed = seedFrom(path.filter);
    if (!seed) throw badRequest(`no value matches ${path.attribute}[${path.filter}]`, 'noTarget');
    container[key] = [
      ...items,
      path.sub ? { ...seed, [path.sub]: op.value } : { ...seed, ...(op.value as Json) },
    ];
    return;
  }
  container[key] = items.map((item) => {
    if (!hit.has(item)) return item;
    if (path.sub) return { ...item, [findKey(item, path.sub) ?? path.sub]: op.value };
    return { ...item, ...(op.value as Json) };
  });
}

export function applyPatch(
  resource: Json,
  operations: PatchOperation[],
  extensions: readonly string[],
): Json {
  const working = structuredClone(resource);
  for (const op of operations) {
    if (op.path !== undefined && op.path !== '') {
      applyAt(working, op, parsePath(op.path, extensions));
      continue;
    }
    if (op.op === 'remove') throw badRequest('remove needs a path', 'noTarget');
    if (!op.value || typeof op.value !== 'object' || Array.isArray(op.value)) {
      throw badRequest(`${op.op} without a path needs an object value`, 'invalidValue');
    }
    for (const [key, value] of Object.entries(op.value as Json)) {
      // A path-less value may carry full paths as keys (Entra: "name.givenName", an extension URN key).
      const isExtensionObject = extensions.some((e) => e.toLowerCase() === key.toLowerCase());
      if (isExtensionObject && value && typeof value === 'object') {
        for (const [sub, v] of Object.entries(value as Json)) {
          applyAt(
            working,
            { op: op.op, path: `${key}:${sub}`, value: v },
            parsePath(`${key}:${sub}`, extensions),
          );
        }
      } else {
        applyAt(working, { op: op.op, path: key, value }, parsePath(key, extensions));
      }
    }
  }
  return working;
}
