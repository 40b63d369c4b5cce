// Turns a SCIM request body into a typed resource: keys renamed to the
// schema's spelling, then validated; the first problem is a 400 in SCIM's
// error format naming the attribute.
import type { z } from 'zod';
import { canonicalizeKeys } from './canonical-keys.ts';
import { badRequest } from './scim-error.ts';
import { refuseReservedKeys } from './schema-attributes.ts';

export function parseResource<S extends z.ZodType>(schema: S, body: unknown, coreUrn: string): z.infer<S> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('the body must be a JSON object', 'invalidSyntax');
  }
  refuseReservedKeys(body);
  const schemas = (body as { schemas?: unknown }).schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.includes(coreUrn))) {
    throw badRequest(`schemas must contain ${coreUrn}`, 'invalidSyntax');
  }
  const result = schema.safeParse(canonicalizeKeys(body, schema));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.join('.') || 'body';
  throw badRequest(`${where}: ${issue?.message ?? 'invalid value'}`, 'invalidValue');
}
