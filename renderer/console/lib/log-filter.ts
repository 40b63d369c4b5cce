// The activation log's filter form → the query string of GET /api/console/attempts.
// Times are typed as local date-times (datetime-local) and sent as ISO instants.
export interface LogFilter {
  email: string;
  code: string;
  outcome: '' | 'success' | 'failure';
  reference: string;
  from: string;
  to: string;
}

export const emptyLogFilter: LogFilter = {
  email: '',
  code: '',
  outcome: '',
  reference: '',
  from: '',
  to: '',
};

function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The filter's query string (the list adds its page size and cursor; the export takes it as is). */
export function logFilterQuery(filter: LogFilter): string {
  const params = new URLSearchParams();
  if (filter.email.trim()) params.set('email', filter.email.trim());
  if (filter.code) params.set('code', filter.code);
  if (filter.outcome) params.set('outcome', filter.outcome);
  // Sent as typed: the service reads "USER_NOT_IN_GROUP ref:42", "#42" or "42" and answers
  // anything else with a field error (a filter dropped here would show every attempt).
  const reference = filter.reference.trim();
  if (reference) params.set('reference', reference);
  const from = localToIso(filter.from);
  if (from) params.set('from', from);
  const to = localToIso(filter.to);
  if (to) params.set('to', to);
  return params.toString();
}

/** "1 attempt", "2 attempts"; "100 attempts, more to load" while the log has more pages. */
export function attemptCount(n: number, more = false): string {
  return `${n} ${n === 1 ? 'attempt' : 'attempts'}${more ? ', more to load' : ''}`;
}
