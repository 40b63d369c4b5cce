// The body of a webhook (Standard Webhooks, "Payload structure"): `type`,
// `timestamp` (when the event happened, ISO 8601) and `data` (exactly the
// event's data, common/event-types.ts), plus `cursor`: the event's place in
// the account's order, the same value the events API's `after=` takes.
export interface WebhookBody {
  type: string;
  timestamp: string;
  data: unknown;
  cursor: string;
}

export const webhookPayload = (body: WebhookBody): string => JSON.stringify(body);
