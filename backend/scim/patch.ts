// PATCH operations (RFC 7644 §3.5.2) applied to a resource held in memory;
// the caller validates the result and stores it in one transaction, so the
// operations of one request apply all or none. Accepts Entra's dialect
// ("Replace", path-less objects with dotted keys) and Okta's.
import { z } from 'zod';
import { badRequest } from './scim-error.ts';
import { parseFilter, type FilterNode } from './filter.ts';
import { checkElementFilter, matchesElement } from './filter-match.ts';
import { findKey, removeKey, type Json } from './json-keys.ts';
import { isReservedName, refuseReservedKeys, resolveAttribute, type Attribute } from './schema-attributes.ts';
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

/** The operations of a PatchOp body; reserved names in a path or value key are a 400 before any lookup. */
export function readPatchOperations(body: unknown): PatchOperation[] {
  const parsed = patchRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(
      `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid PatchOp'}`,
      'invalidSyntax',
    );
  }
  for (const op of parsed.data.Operations) {
    if (op.path?.split(/[.:[\]\s]/).some(isReservedName))
      throw badRequest(`invalid path "${op.path}"`, 'invalidPath');
    refuseReservedKeys(op.value);
  }
  return parsed.data.Operations;
}

/** A PATCH path split into its parts (RFC 7644 §3.5.2 PATH grammar); names as sent. */
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

/** A path whose every name was found in the schema, in the schema's spelling. */
interface ResolvedPath {
  extension: string | undefined;
  attribute: Attribute;
  filter: FilterNode | undefined;
  sub: Attribute | undefined;
}

function resolvePath(path: ParsedPath, schema: z.ZodType, coreUrn: string): ResolvedPath {
  const extension =
    path.extension && path.extension !== coreUrn ? resolveAttribute(schema, path.extension) : undefined;
  const attribute = resolveAttribute(extension?.schema ?? schema, path.attribute);
  const sub = path.sub === undefined ? undefined : resolveAttribute(attribute.schema, path.sub);
  let filter: FilterNode | undefined;
  if (path.filter !== undefined) {
    if (!attribute.multiValued) throw badRequest(`${attribute.name} is not multi-valued`, 'invalidPath');
    filter = parseFilter(path.filter);
    checkElementFilter(filter, attribute.schema);
  }
  return { extension: extension?.name, attribute, filter, sub };
}

/** `type eq "work"` → {type: 'work'}: what a replace creates when no element matches (Entra). */
function seedFrom(filter: FilterNode, element: z.ZodType): Json | undefined {
  if (filter.type !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
  return { [resolveAttribute(element, filter.path.name, 'invalidFilter').name]: filter.value };
}

function setKey(target: Json, key: string, value: unknown): void {
  removeKey(target, key);
  target[key] = value;
}

function merge(target: Json, key: string, value: unknown, op: 'add' | 'replace'): void {
  const current = target[findKey(target, key) ?? key];
  if (op === 'add' && Array.isArray(current)) {
    setKey(target, key, [...current, ...(Array.isArray(value) ? value : [value])]);
  } else if (
    op === 'add' &&
    current &&
    typeof current === 'object' &&
    value &&
    typeof value === 'object' &&
    !Array.isArray(value)
  ) {
    setKey(target, key, { ...(current as Json), ...(value as Json) });
  } else {
    setKey(target, key, value);
  }
}

const objectAt = (target: Json, key: string): Json => {
  const current = target[findKey(target, key) ?? key];
  if (current && typeof current === 'object' && !Array.isArray(current)) return current as Json;
  const created: Json = {};
  setKey(target, key, created);
  return created;
};

/** RFC 7644 §3.5.2.2: a multi-valued attribute left without values is unassigned, not []. */
function setValues(container: Json, key: string, values: Json[]): void {
  if (values.length === 0) removeKey(container, key);
  else setKey(container, key, values);
}

function applyAt(resource: Json, op: PatchOperation, path: ResolvedPath): void {
  const container = path.extension ? objectAt(resource, path.extension) : resource;
  if (path.filter) applyToMatchingValues(container, op, path, path.filter);
  else if (path.sub) applyToSubAttribute(container, op, path.attribute.name, path.sub.name);
  else applyToAttribute(container, op, path);
}

/** `name.givenName`: one sub-attribute of a complex attribute. */
function applyToSubAttribute(container: Json, op: PatchOperation, key: string, sub: string): void {
  const parent = objectAt(container, key);
  if (op.op === 'remove') removeKey(parent, sub);
  else merge(parent, sub, op.value, op.op);
}

/** `emails`, `active`: a whole attribute. */
function applyToAttribute(container: Json, op: PatchOperation, path: ResolvedPath): void {
  const key = path.attribute.name;
  const current = container[findKey(container, key) ?? key];
  if (op.op === 'remove') {
    if (Array.isArray(current) && op.value !== undefined) {
      // Entra removes members/elements by listing them as the value.
      const drop = new Set(
        (Array.isArray(op.value) ? op.value : [op.value]).map((v) => JSON.stringify((v as Json).value ?? v)),
      );
      setValues(
        container,
        key,
        (current as Json[]).filter((item) => !drop.has(JSON.stringify(item.value))),
      );
    } else {
      removeKey(container, key);
    }
    return;
  }
  // RFC 7644 §3.5.2.1: one value for a multi-valued attribute is one value of it.
  const value = path.attribute.multiValued && !Array.isArray(op.value) ? [op.value] : op.value;
  merge(container, key, value, op.op);
}

/** `emails[type eq "work"].value`: the values a filter selects (RFC 7644 §3.5.2). */
function applyToMatchingValues(
  container: Json,
  op: PatchOperation,
  path: ResolvedPath,
  filter: NonNullable<ResolvedPath['filter']>,
): void {
  const key = path.attribute.name;
  const sub = path.sub?.name;
  const existing = container[findKey(container, key) ?? key];
  const items = Array.isArray(existing) ? (existing as Json[]) : [];
  const hit = new Set(items.filter((item) => matchesElement(filter, item, path.attribute.schema)));
  if (op.op === 'remove') {
    if (!sub)
      return setValues(
        container,
        key,
        items.filter((item) => !hit.has(item)),
      );
    const without = (item: Json) => {
      const copy = { ...item };
      removeKey(copy, sub);
      return copy;
    };
    return setKey(
      container,
      key,
      items.map((item) => (hit.has(item) ? without(item) : item)),
    );
  }
  if (hit.size === 0) {
    const seed = seedFrom(filter, path.attribute.schema);
    if (!seed) throw badRequest(`no value of ${key} matches the filter`, 'noTarget');
    return setKey(container, key, [
      ...items,
      sub ? { ...seed, [sub]: op.value } : { ...seed, ...(op.value as Json) },
    ]);
  }
  const updated = (item: Json) => {
    if (!sub) return { ...item, ...(op.value as Json) };
    const copy = { ...item };
    setKey(copy, sub, op.value);
    return copy;
  };
  setKey(
    container,
    key,
    items.map((item) => (hit.has(item) ? updated(item) : item)),
  );
}

/** Where a resource's names live: its schema, the core URN and its extension URNs. */
export interface PatchSchema {
  schema: z.ZodType;
  coreUrn: string;
  extensions: readonly string[];
  /** The resource's id: clients (Okta) may repeat it in a replace. */
  id: string;
  /**
   * Multi-valued core attributes stored as rows apart from the resource (a Group's members):
   * their changes come back as row changes, so one member added never rewrites the whole list.
   */
  rowValued?: readonly string[];
}

/** A change to a row-valued attribute, in operation order; values validated by the schema. */
export type RowChange =
  | { attribute: string; op: 'add' | 'replace'; values: Json[] }
  | { attribute: string; op: 'remove'; values: string[] | 'all' };

export interface PatchOutcome {
  /** The resource with every other operation applied; the caller validates and stores it. */
  resource: Json;
  rowChanges: RowChange[];
}

/**
 * `id` is readOnly (RFC 7643 §3.1): repeating the resource's own id changes
 * nothing and is ignored (Okta sends it on a rename); any other id is a 400.
 */
export function isOwnIdOrRefuse(op: PatchOperation, name: string, id: string): boolean {
  if (name.toLowerCase() !== 'id') return false;
  if (op.op !== 'remove' && op.value === id) return true;
  throw badRequest('id cannot be changed', 'mutability');
}

function at(target: PatchSchema, path: string): ResolvedPath {
  return resolvePath(parsePath(path, target.extensions), target.schema, target.coreUrn);
}

/** The `value`s a row-valued remove filter names: `value eq "x"`, or several joined by `or`. */
function valuesNamedBy(filter: FilterNode, name: string): string[] {
  if (filter.type === 'or') return filter.filters.flatMap((f) => valuesNamedBy(f, name));
  if (
    filter.type === 'compare' &&
    filter.op === 'eq' &&
    filter.path.name.toLowerCase() === 'value' &&
    typeof filter.value === 'string'
  )
    return [filter.value];
  throw badRequest(`${name}: only value eq "…" (joined by or) selects values to remove`, 'invalidFilter');
}

function rowValuesOf(attribute: Attribute, value: unknown): Json[] {
  const parsed = attribute.schema.safeParse(Array.isArray(value) ? value : [value]);
  if (!parsed.success || !Array.isArray(parsed.data))
    throw badRequest(
      `${attribute.name}: ${parsed.error?.issues[0]?.message ?? 'invalid value'}`,
      'invalidValue',
    );
  return parsed.data as Json[];
}

function rowChangeOf(op: PatchOperation, path: ResolvedPath): RowChange {
  const { attribute, filter, sub } = path;
  if (sub) throw badRequest(`${attribute.name}.${sub.name} cannot be changed on its own`, 'invalidPath');
  if (op.op !== 'remove') {
    if (filter)
      throw badRequest(`${op.op} on a filtered ${attribute.name} path is not supported`, 'invalidPath');
    return { attribute: attribute.name, op: op.op, values: rowValuesOf(attribute, op.value) };
  }
  if (filter)
    return { attribute: attribute.name, op: 'remove', values: valuesNamedBy(filter, attribute.name) };
  // Entra removes members by listing them as the value.
  if (op.value === undefined) return { attribute: attribute.name, op: 'remove', values: 'all' };
  return {
    attribute: attribute.name,
    op: 'remove',
    values: rowValuesOf(attribute, op.value).map((v) => String(v.value)),
  };
}

/**
 * RFC 7644 §3.5.2: an operation must suit the attribute's schema. A required attribute
 * (userName, displayName) cannot be removed; a value filter needs a multi-valued one.
 */
function checkApplicable(op: PatchOperation, path: ResolvedPath): void {
  const target = path.sub ?? path.attribute;
  if (op.op === 'remove' && !path.filter && !target.schema.safeParse(undefined).success)
    throw badRequest(`${target.name} is required and cannot be removed`, 'mutability');
}

function applyOne(
  working: Json,
  op: PatchOperation,
  path: ResolvedPath,
  target: PatchSchema,
  rowChanges: RowChange[],
): void {
  if (!path.extension && target.rowValued?.includes(path.attribute.name)) {
    rowChanges.push(rowChangeOf(op, path));
    return;
  }
  checkApplicable(op, path);
  applyAt(working, op, path);
}

/**
 * The one PATCH interpreter for Users and Groups: each operation resolved against the
 * resource's schema and applied in order to a copy; row-valued attributes come back as
 * row changes. Any refusal throws before the caller has stored anything (all or none).
 */
export function interpretPatch(
  resource: Json,
  operations: PatchOperation[],
  target: PatchSchema,
): PatchOutcome {
  const working = structuredClone(resource);
  const rowChanges: RowChange[] = [];
  for (const op of operations) {
    if (op.path !== undefined && op.path !== '') {
      if (!isOwnIdOrRefuse(op, op.path.trim(), target.id))
        applyOne(working, op, at(target, op.path), target, rowChanges);
      continue;
    }
    if (op.op === 'remove') throw badRequest('remove needs a path', 'noTarget');
    if (!op.value || typeof op.value !== 'object' || Array.isArray(op.value)) {
      throw badRequest(`${op.op} without a path needs an object value`, 'invalidValue');
    }
    for (const [key, value] of Object.entries(op.value as Json)) {
      if (isOwnIdOrRefuse({ ...op, value }, key, target.id)) continue;
      // A path-less value may carry full paths as keys (Entra: "name.givenName", an extension URN key).
      const isExtensionObject = target.extensions.some((e) => e.toLowerCase() === key.toLowerCase());
      if (isExtensionObject && value && typeof value === 'object') {
        for (const [sub, v] of Object.entries(value as Json)) {
          const one = { op: op.op, path: `${key}:${sub}`, value: v };
          applyOne(working, one, at(target, one.path), target, rowChanges);
        }
      } else {
        applyOne(working, { op: op.op, path: key, value }, at(target, key), target, rowChanges);
      }
    }
  }
  return { resource: working, rowChanges };
}
