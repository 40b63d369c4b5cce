// The delivery loop's settings as the service configuration gives them.
import type { ServiceConfig } from '../config.ts';
import type { DeliverySettings } from './deliver.ts';

export const deliverySettings = (config: ServiceConfig): DeliverySettings & { pollMs: number } => ({
  pollMs: config.webhooks.pollMs,
  timeoutMs: config.webhooks.timeoutMs,
  retrySeconds: config.webhooks.retrySeconds,
  disableAfterMs: config.webhooks.disableAfterHours * 3600_000,
  batch: config.webhooks.batch,
  // Like the metadata URL: loopback and http:// only on a development service.
  allowInternal: config.mode === 'development',
});
