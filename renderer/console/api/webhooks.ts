// The Webhooks page's data (docs/webhooks.md): the endpoint list and the
// changes that repaint it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { WebhookEndpoint, WebhookSecretShown } from '../../../common/console-webhooks.ts';
import type { EventType } from '../../../common/event-types.ts';
import { api } from './client.ts';
import { keys } from './queries.ts';

export const webhookKeys = {
  get endpoints() {
    return [...keys.workspace, 'webhooks'] as const;
  },
  deliveries(id: string) {
    return [...keys.workspace, 'webhooks', id, 'deliveries'] as const;
  },
};

export function useWebhookEndpoints() {
  return useQuery({
    queryKey: webhookKeys.endpoints,
    queryFn: () => api.get<{ endpoints: WebhookEndpoint[] }>('/api/console/webhooks'),
  });
}

export interface NewEndpoint {
  url: string;
  description: string;
  eventTypes: EventType[] | null;
}

/** Every endpoint change repaints the list (and the log, whose next retry an enable changes). */
export function useWebhookChange<V, R = unknown>(
  call: (vars: V) => Promise<R>,
  onDone?: (result: R) => void,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (result) => {
      onDone?.(result);
      void client.invalidateQueries({ queryKey: webhookKeys.endpoints });
    },
  });
}

export const webhookCalls = {
  create: (input: NewEndpoint) => api.post<WebhookSecretShown>('/api/console/webhooks', input),
  rotate: (id: string) => api.post<WebhookSecretShown>(`/api/console/webhooks/${id}/rotate-secret`),
  enable: (id: string) => api.post(`/api/console/webhooks/${id}/enable`),
  disable: (id: string) => api.post(`/api/console/webhooks/${id}/disable`),
  remove: (id: string) => api.delete(`/api/console/webhooks/${id}`),
  test: (id: string) => api.post<{ deliveryId: string }>(`/api/console/webhooks/${id}/test`),
  redeliver: ({ id, deliveryId }: { id: string; deliveryId: string }) =>
    api.post(`/api/console/webhooks/${id}/deliveries/${deliveryId}/redeliver`),
};
