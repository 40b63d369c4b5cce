// The activation log's evidence as rows a person reads: nested objects become
// dotted names, lists are joined, and anything that looks like a secret is
// redacted once more here (the service already redacts when it writes), so a
// signature value or token never reaches the screen.
export interface EvidenceRow {
  name: string;
  value: string;
}

const secretName =
  /signature(?!Algorithm|Certificate|Fingerprint)|privatekey|token|password|samlresponse|secret/i;
const maxValueLength = 2000;

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function evidenceRows(evidence: Record<string, unknown>, prefix = ''): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  for (const [key, value] of Object.entries(evidence)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (secretName.test(key) && typeof value === 'string') {
      rows.push({ name, value: '[redacted]' });
    } else if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
      rows.push({ name, value: value.length ? value.map(show).join(', ') : '(none)' });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item && typeof item === 'object')
          rows.push(...evidenceRows(item as Record<string, unknown>, `${name}[${i + 1}]`));
        else rows.push({ name: `${name}[${i + 1}]`, value: show(item) });
      });
    } else if (value && typeof value === 'object') {
      rows.push(...evidenceRows(value as Record<string, unknown>, name));
    } else {
      const text = show(value);
      rows.push({ name, value: text.length > maxValueLength ? `${text.slice(0, maxValueLength)}…` : text });
    }
  }
  return rows;
}
