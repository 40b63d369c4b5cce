// Validates an input from outside with a zod schema; the first problem becomes
// a 400 that names the field, in the console API's error format.
import { z } from 'zod';
import { ApiError } from './api-error.ts';
import { findNul } from './nul-bytes.ts';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.infer<S> {
  const nulAt = findNul(value);
  if (nulAt !== null) return invalid('must not contain NUL characters', nulAt || undefined, where);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String) ?? [];
  let field = path.join('.') || undefined;
  let message = issue?.message ?? 'invalid input';
  if (issue?.code === 'unrecognized_keys') {
    field = [...path, issue.keys[0] ?? ''].filter(Boolean).join('.');
    message = `unknown field "${issue.keys.join('", "')}"`;
  } else if (value === undefined || value === null) {
    message = `a JSON ${where} is required`;
  }
  return invalid(message, field, where);
}

function invalid(message: string, field: string | undefined, where: string): never {
  throw new ApiError(400, 'invalid_input', field ? `${field}: ${message}` : `${where}: ${message}`, {
    ...(field !== undefined && { field }),
  });
}

/** An id in a URL path: our ids are UUIDs, anything else is simply not found. */
export const idParam = z.object({ id: z.uuid() }).strict();
