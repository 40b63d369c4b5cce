// "Why can't this user activate?" as a person reads it: each rule's verdict
// in words and a symbol (never colour alone), its evidence as labelled lines
// (group names and where the membership came from, seats used / total,
// devices used / limit, license expiry, domain and integration state), and a
// one-line summary of the answer. The shape is common/access-check.ts.
import type { AccessCheck, AccessRuleResult, AccessVerdict } from '../../../common/access-check.ts';

export const verdictText: Record<AccessVerdict, string> = {
  pass: '✓ Pass',
  fail: '✗ Fails',
  'not-reached': '– Not reached',
};

export interface EvidenceLine {
  name: string;
  value: string;
}

const secretName = /token|password|secret|signature(?!Algorithm)|privatekey/i;

const sourceText: Record<string, string> = {
  scim: 'via SCIM',
  saml: 'via the SAML claim',
  'saml-claim': 'via the SAML claim',
  claim: 'via the SAML claim',
  jit: 'JIT',
  local: 'local',
};

/** The access rules' evidence names (backend/access) in the console's words. */
const knownNames: Record<string, string> = {
  detail: 'Why',
  desktopGroup: 'Desktop-users group (step 3)',
  scimGroups: 'Groups via SCIM',
  claimGroups: 'Groups in the SAML claim',
  matched: 'Memberships that count',
  groupsOverage: 'Groups overage (groups.link)',
  holdsSeat: 'Already holds a seat',
  thisDevice: 'This device',
  licenseId: 'License',
  pool: 'Seat pool',
  status: 'Integration status',
};

/** "seatsUsed" → "Seats used", "license_expires_at" → "License expires at". */
export function humanName(key: string): string {
  if (Object.hasOwn(knownNames, key)) return knownNames[key] ?? key;
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** One evidence value as a phrase: a group with its source, a count against its limit, a list. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length ? value.map(describeValue).join(', ') : '(none)';
  if (!isRecord(value)) return String(value);
  const limit = value.total ?? value.limit;
  if (typeof value.used === 'number' && typeof limit === 'number') return `${value.used} / ${limit}`;
  // A group as the access rules name it: { group | name, via?, grants?, id? }.
  const name = value.group ?? value.name;
  if (typeof name === 'string') {
    const via = value.via ?? value.source;
    const notes = [
      ...(typeof via === 'string' ? [sourceText[via] ?? `via ${via}`] : []),
      ...(typeof value.grants === 'string' ? [`grants ${value.grants}`] : []),
      ...(typeof value.id === 'string' ? [`ID ${value.id}`] : []),
    ];
    return notes.length ? `${name} (${notes.join(', ')})` : name;
  }
  return Object.entries(value)
    .map(([k, v]) => `${humanName(k).toLowerCase()}: ${secretName.test(k) ? '[redacted]' : describeValue(v)}`)
    .join('; ');
}

export function evidenceLines(rule: Pick<AccessRuleResult, 'evidence'>): EvidenceLine[] {
  const { used, total, limit } = rule.evidence;
  const cap = total ?? limit;
  // A count and its limit read as one line: "Used / total: 3 / 10" (seats), "Used / limit: 1 / 3" (devices).
  const paired = typeof used === 'number' && typeof cap === 'number';
  const lines: EvidenceLine[] = [];
  for (const [key, value] of Object.entries(rule.evidence)) {
    if (paired && (key === 'total' || key === 'limit')) continue;
    if (paired && key === 'used') {
      lines.push({ name: `Used / ${total !== undefined ? 'total' : 'limit'}`, value: `${used} / ${cap}` });
      continue;
    }
    lines.push({
      name: humanName(key),
      value: secretName.test(key) && typeof value === 'string' ? '[redacted]' : describeValue(value),
    });
  }
  return lines;
}

/** The first failing rule: what a real activation would be refused at now. */
export function failingRule(check: AccessCheck): AccessRuleResult | undefined {
  return check.rules.find((r) => r.verdict === 'fail');
}

export function accessSummary(check: AccessCheck): string {
  if (check.allowed) return `${check.email} can activate: every rule passes.`;
  const rule = failingRule(check);
  if (!rule) return `${check.email} cannot activate${check.code ? ` (${check.code})` : ''}.`;
  return `${check.email} cannot activate: rule “${rule.rule}” fails (${rule.title})${
    check.code ? `, refused with ${check.code}` : ''
  }.`;
}
