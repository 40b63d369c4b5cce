// How the service names a refusal in an OAuth error_description (RFC 6749
// §4.1.2.1) on its way back to the app: "<CODE> ref:<activation log id>" — the
// catalog code and the log entry the user reads off to IT. Built by the
// service's interaction, parsed by the app's sign-in.
import { isFailureCode, type FailureCode } from './failure-codes.ts';

const referencePrefix = 'ref:';

export function formatFailureDescription(code: FailureCode, reference: string | number): string {
  return `${code} ${referencePrefix}${reference}`;
}

/** The code when it is one of the catalog's, and the reference when there is one. */
export function parseFailureDescription(description: string): {
  code: FailureCode | null;
  reference: string | null;
} {
  const [code = '', ref] = description.trim().split(' ');
  return {
    code: isFailureCode(code) ? code : null,
    reference: ref?.startsWith(referencePrefix) ? ref.slice(referencePrefix.length) || null : null,
  };
}

/**
 * The activation log entry a person typed, the way they read it off a screen:
 * "USER_NOT_IN_GROUP ref:42", "ref:42", "ref 42", "#42" or "42" → 42; anything else → null.
 */
export function parseTypedReference(typed: string): number | null {
  const m = /^\s*(?:[A-Z][A-Z_]*\s+)?(?:ref\s*:?\s*|#)?(\d{1,15})\s*$/i.exec(typed);
  const n = m?.[1] === undefined ? NaN : Number(m[1]);
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}
