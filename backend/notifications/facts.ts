// What the notifier tells (docs/notifications.md): each event that a rule
// watches becomes a fact with a key. The key says which state the fact is,
// so a rule fires once per state change however often it is said again:
// - a certificate's 30/7/1-day notice and its expiry: once per certificate
//   and notice (`certificate:<fingerprint>:7`);
// - SCIM silent: once per silence (the last request before it names it);
// - a webhook endpoint disabled: once per failing streak (`failingSince`);
// - seats at 90 % / 100 % of a license: the detector tells each crossing once;
//   a repeat of the same level within a day is the same state (`rearmMs`).
// A refusal spike is computed here from `activation.refused` (spike.ts).
import type { EventType } from '../../common/event-types.ts';
import type { NotificationKind } from '../../common/console-notifications.ts';

/** What an email tells: the event's type, time and data, picked field by field. */
export interface Fact {
  kind: NotificationKind;
  key: string;
  type: EventType | 'refusal.spike';
  occurredAt: string;
  data: Record<string, string | number>;
  /** A repeat of the key after this long is a new state (undefined: the key is told once, ever). */
  rearmMs?: number;
}

export interface StoredEvent {
  seq: number;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The fact an event states, for the rules other than the spike; null when no rule watches it. */
export function factOfEvent(event: StoredEvent): Fact | null {
  const d = event.data;
  const at = event.occurredAt;
  switch (event.type) {
    case 'certificate.expiring':
      return {
        kind: 'certificate_expiring',
        key: `certificate:${str(d.fingerprint)}:${num(d.daysLeft)}`,
        type: 'certificate.expiring',
        occurredAt: at,
        data: {
          subject: str(d.subject),
          notAfter: str(d.notAfter),
          daysLeft: num(d.daysLeft),
          fingerprint: str(d.fingerprint),
        },
      };
    case 'certificate.expired':
      return {
        kind: 'certificate_expiring',
        key: `certificate:${str(d.fingerprint)}:expired`,
        type: 'certificate.expired',
        occurredAt: at,
        data: { subject: str(d.subject), notAfter: str(d.notAfter), fingerprint: str(d.fingerprint) },
      };
    case 'seats.threshold_reached':
      return {
        kind: 'seats_threshold',
        key: `seats:${str(d.licenseId)}:${num(d.threshold)}`,
        type: 'seats.threshold_reached',
        occurredAt: at,
        data: {
          licenseId: str(d.licenseId),
          licenseName: str(d.licenseName),
          seatsUsed: num(d.seatsUsed),
          seats: num(d.seats),
          threshold: num(d.threshold),
        },
        rearmMs: 86_400_000,
      };
    case 'scim.silent':
      return {
        kind: 'scim_silent',
        key: `scim-silent:${str(d.lastRequestAt)}`,
        type: 'scim.silent',
        occurredAt: at,
        data: { lastRequestAt: str(d.lastRequestAt), silentHours: num(d.silentHours) },
      };
    case 'webhook.endpoint_disabled':
      return {
        kind: 'webhook_disabled',
        key: `webhook:${str(d.endpointId)}:${str(d.failingSince)}`,
        type: 'webhook.endpoint_disabled',
        occurredAt: at,
        // Only the endpoint's origin and path: a query string may carry the receiver's own secret.
        data: {
          endpointId: str(d.endpointId),
          url: withoutSecrets(str(d.url)),
          failingSince: str(d.failingSince),
        },
      };
    default:
      return null;
  }
}

/** A URL as it may appear in an email: no user info, no query, no fragment. */
export function withoutSecrets(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
