// `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5): id and schemas
// are always returned. Names are case-insensitive; `emails[type eq "work"]`
// selects the attribute `emails`; `name.givenName` a sub-attribute.
import { findKey as keyOf, removeKey, type Json } from './json-keys.ts';

function parse(entry: string, extensions: readonly string[]): { top: string; sub: string | undefined } {
  let rest = entry.replace(/\[.*\]/, '');
  for (const ext of extensions) {
    if (rest.toLowerCase() === ext.toLowerCase()) return { top: ext, sub: undefined };
    if (rest.toLowerCase().startsWith(`${ext.toLowerCase()}:`))
      return { top: ext, sub: rest.slice(ext.length + 1) };
  }
  const dot = rest.indexOf('.');
  if (dot > 0) return { top: rest.slice(0, dot), sub: rest.slice(dot + 1) };
  rest = rest.trim();
  return { top: rest, sub: undefined };
}

export function project(
  resource: Json,
  attributes: string[] | undefined,
  excluded: string[] | undefined,
  extensions: readonly string[],
): Json {
  if (attributes?.length) {
    const out: Json = { schemas: resource.schemas, id: resource.id };
    for (const entry of attributes) {
      const { top, sub } = parse(entry, extensions);
      const key = keyOf(resource, top);
      if (!key) continue;
      const value = resource[key];
      if (sub && value && typeof value === 'object' && !Array.isArray(value)) {
        const subKey = keyOf(value as Json, sub);
        if (subKey)
          out[key] = { ...((out[key] as Json | undefined) ?? {}), [subKey]: (value as Json)[subKey] };
      } else {
        out[key] = value;
      }
    }
    return out;
  }
  if (excluded?.length) {
    const out: Json = { ...resource };
    for (const entry of excluded) {
      const { top, sub } = parse(entry, extensions);
      const key = keyOf(out, top);
      if (!key || key === 'id' || key === 'schemas') continue;
      if (sub && out[key] && typeof out[key] === 'object') {
        const copy = { ...(out[key] as Json) };
        removeKey(copy, sub);
        out[key] = copy;
      } else {
        removeKey(out, key);
      }
    }
    return out;
  }
  return resource;
}
