// The audit log's filter form → the query string of GET /api/console/audit and
// its CSV export. Times are typed as local date-times and sent as instants.
export interface AuditFilter {
  actor: string;
  action: string;
  from: string;
  to: string;
}

export const emptyAuditFilter: AuditFilter = { actor: '', action: '', from: '', to: '' };

function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function auditFilterQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  const actor = filter.actor.trim();
  if (actor) params.set('actor', actor);
  const action = filter.action.trim();
  if (action) params.set('action', action);
  const from = localToIso(filter.from);
  if (from) params.set('from', from);
  const to = localToIso(filter.to);
  if (to) params.set('to', to);
  return params.toString();
}
