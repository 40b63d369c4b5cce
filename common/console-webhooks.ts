// The console's webhook API (issue 24 item 2, docs/webhooks.md): endpoints,
// their delivery log and the answers that carry a secret (shown once).
import type { EventType } from './event-types.ts';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  /** null: every event type. */
  eventTypes: EventType[] | null;
  enabled: boolean;
  /** Set when disabled: by whom or why ("failing since … for 24 hours", "disabled by …"). */
  disabledReason: string | null;
  disabledAt: string | null;
  /** The first failed attempt since the last success; null while deliveries succeed. */
  failingSince: string | null;
  createdAt: string;
  /** Deliveries waiting for their (next) attempt. */
  pending: number;
}

/** The answer to "add endpoint" and "rotate secret": the only time the secret is shown. */
export interface WebhookSecretShown {
  endpoint: WebhookEndpoint;
  /** `whsec_…` (Standard Webhooks): the receiver verifies signatures with it. */
  secret: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookAttempt {
  attempt: number;
  startedAt: string;
  /** The receiver's HTTP status; null when no answer came (timeout, refused, TLS). */
  statusCode: number | null;
  latencyMs: number;
  /** At most 1 KiB of the answer's body. */
  responseExcerpt: string | null;
  /** What went wrong, in words; null on success. */
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  /** The webhook-id header: the event's id. */
  eventId: string;
  eventType: string;
  /** The event's cursor (its seq); "0" for a test event. */
  cursor: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  /** The latest attempt, if any. */
  last: WebhookAttempt | null;
}

export interface WebhookDeliveryPage {
  deliveries: WebhookDelivery[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}
