// Pieces of a Test connection outcome (test-connection.ts): whether the
// groups the IdP sent match step 3's mapping, and the redaction applied
// before anything is stored. The stored outcome holds decoded facts only —
// never the SAMLResponse or assertion XML, a signature value or a key.

export interface MappedGroup {
  id: string | null;
  name: string | null;
}

export interface GroupMatch extends MappedGroup {
  /** The IdP's groups claim names this group, by its ID or (case-insensitively) its name. */
  matched: boolean;
}

function matchOf(groups: string[], group: MappedGroup): GroupMatch {
  const name = group.name?.toLowerCase();
  const matched = groups.some((g) => (group.id !== null && g === group.id) || g.toLowerCase() === name);
  return { id: group.id, name: group.name, matched };
}

export function groupMatchesOf(
  groups: string[],
  mapping: { admins: MappedGroup; desktopUsers: MappedGroup },
): { admins: GroupMatch; desktopUsers: GroupMatch } {
  return { admins: matchOf(groups, mapping.admins), desktopUsers: matchOf(groups, mapping.desktopUsers) };
}

// Keys whose string values are secrets or raw protocol payloads (as the activation log redacts them),
// and attribute names an IdP may use for something secret (a customised IdP can send anything).
const secretKeys =
  /signature|certificate|privatekey|token|password|secret|samlresponse|samlrequest|assertion$/i;
const secretAttributeNames = /password|secret|token|credential|private|otp|pin$|key$/i;

function redactValue(key: string, value: unknown, inAttributes: boolean): unknown {
  // Attribute values go entirely; elsewhere only a string (an object such as `signatures` holds
  // which certificate verified, by fingerprint, which the admin needs to see).
  if (inAttributes && secretAttributeNames.test(key))
    return Array.isArray(value) ? value.map(() => '[redacted]') : '[redacted]';
  if (!inAttributes && secretKeys.test(key) && typeof value === 'string') return '[redacted]';
  return redact(value, key === 'attributes');
}

function redact(value: unknown, attributes = false): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object') {
    // Keyed by the IdP's names: no prototype.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(k, v, attributes);
    return out;
  }
  return value;
}

export function redactOutcome(evidence: Record<string, unknown>): Record<string, unknown> {
  return redact(evidence) as Record<string, unknown>;
}
