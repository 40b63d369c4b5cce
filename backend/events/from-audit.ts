// Which audit entries are also events (issue 24 item 1). The changes they
// describe already write their audit entry inside their own transaction
// (SCIM users, the integration switch, an admin's revocation), so the event
// written beside the entry is in that same transaction. Data is picked field
// by field: an audit detail never reaches an event whole.
import type { NewEvent } from '../../common/event-types.ts';

export interface AuditFacts {
  action: string;
  actor: string;
  target?: string;
  detail?: Record<string, unknown>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function eventsOfAudit(entry: AuditFacts): NewEvent[] {
  const target = entry.target ?? '';
  const detail = entry.detail ?? {};
  switch (entry.action) {
    case 'scim.user_created':
    case 'scim.user_linked':
      return [
        {
          type: 'user.provisioned',
          data: {
            userId: target,
            userName: text(detail.userName),
            externalId: textOrNull(detail.externalId),
            active: detail.active === true,
          },
        },
      ];
    case 'scim.user_deactivated':
      return [{ type: 'user.deactivated', data: { userId: target, userName: text(detail.userName) } }];
    case 'scim.user_deleted':
      return [{ type: 'user.deleted', data: { userId: target, userName: text(detail.userName) } }];
    case 'integration.activated':
      return [{ type: 'integration.activated', data: { actor: entry.actor } }];
    case 'integration.deactivated':
      return [{ type: 'integration.deactivated', data: { actor: entry.actor } }];
    case 'activation.revoked':
      return [{ type: 'device.released', data: { activationId: target, by: 'admin' } }];
    // Reclamation writes its entry in the transaction of each release (licensing/reclamation.ts).
    case 'activation.reclaimed':
      return [
        {
          type: 'device.reclaimed',
          data: {
            activationId: target,
            userId: text(detail.userId),
            licenseId: text(detail.licenseId),
            silentDays: typeof detail.silentDays === 'number' ? detail.silentDays : 0,
          },
        },
      ];
    default:
      return [];
  }
}
