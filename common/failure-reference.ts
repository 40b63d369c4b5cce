// How the service names a refusal in an OAuth error_description (RFC 6749
// §4.1.2.1, §5.2) on its way back to the app: "<CODE> ref:<activation log id>"
// — the catalog code and the log entry the user reads off to IT — then, where
// the code alone does not say why, " reason:<CODE>" (a revoked activation's
// reason) and, for USER_NOT_IN_GROUP, " group:<name>" (the desktop-users group
// the signed-in user is missing from). Built by the service, parsed by the app.
import { isFailureCode, type FailureCode, type NamedFacts } from './failure-codes.ts';

const referencePrefix = 'ref:';
const reasonPrefix = 'reason:';
const groupPrefix = 'group:';
/** A group name longer than this is cut: it is shown in a sentence, never matched. */
export const maxGroupNameLength = 256;

/** What a description may carry beside the code and reference. */
export interface FailureExtras extends NamedFacts {
  reason?: FailureCode | null;
}

export function formatFailureDescription(
  code: FailureCode,
  reference: string | number,
  extras: FailureExtras = {},
): string {
  const reason = extras.reason ? ` ${reasonPrefix}${extras.reason}` : '';
  // error_description allows printable ASCII without '"' and '\' (RFC 6749 §4.1.2.1): the name is
  // percent-encoded, which also keeps its spaces from splitting the description.
  const group = extras.group ? ` ${groupPrefix}${encodeURIComponent(extras.group)}` : '';
  return `${code} ${referencePrefix}${reference}${reason}${group}`;
}

/** The code when it is one of the catalog's; the reference, the reason and the group when there are. */
export function parseFailureDescription(description: string): {
  code: FailureCode | null;
  reference: string | null;
  reason: FailureCode | null;
  group: string | null;
} {
  const [code = '', ...rest] = description.trim().split(' ');
  const ref = rest.find((part) => part.startsWith(referencePrefix));
  const reason = rest.find((part) => part.startsWith(reasonPrefix))?.slice(reasonPrefix.length);
  const group = rest.find((part) => part.startsWith(groupPrefix));
  return {
    code: isFailureCode(code) ? code : null,
    reference: ref ? ref.slice(referencePrefix.length) || null : null,
    reason: isFailureCode(reason) ? reason : null,
    group: group ? decodeGroup(group.slice(groupPrefix.length)) : null,
  };
}

function decodeGroup(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded).trim().slice(0, maxGroupNameLength) || null;
  } catch {
    return null; // not percent-encoding: no group rather than a garbled one
  }
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
