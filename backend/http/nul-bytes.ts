// U+0000 has no place in any text we accept, and PostgreSQL cannot store it
// in a text column ("invalid byte sequence"): every protocol refuses it at its
// edge, with its own error format, before anything reaches the database.

/** Where the first NUL is (a dotted path; '' for the value itself), or null when there is none. */
export function findNul(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? '' : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return key.replaceAll('\u0000', '\\0');
    const inner = findNul(child, depth + 1);
    if (inner !== null) return inner ? `${key}.${inner}` : key;
  }
  return null;
}
