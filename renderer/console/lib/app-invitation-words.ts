// App invitations in the console's words (issue 25 item 3): each status as a
// label, and the admin's typed list of emails split into addresses.
import type { AppInvitationStatus } from '../../../common/console-app-invitations.ts';

export const statusText: Record<AppInvitationStatus, string> = {
  queued: 'Waiting to be sent',
  sent: 'Sent',
  opened: 'Opened',
  activated: 'Activated',
  failed: 'Failed',
  not_sent: 'Not emailed (link to copy)',
  revoked: 'Revoked',
};

export const statusFilters: { id: AppInvitationStatus | 'all'; label: string }[] = [
  { id: 'all', label: 'All' },
  ...(Object.keys(statusText) as AppInvitationStatus[]).map((id) => ({ id, label: statusText[id] })),
];

/** "a@x.com, b@x.com\nc@x.com" → the addresses, each once (the service checks each). */
export function splitEmails(typed: string): string[] {
  return [...new Set(typed.split(/[\s,;]+/).filter(Boolean))];
}
