// Webhooks → one endpoint's delivery log: each event sent to it, newest
// first, with the latest attempt's status, latency and response excerpt, the
// next retry, and "Redeliver".
import { useParams } from 'react-router';
import type { WebhookDelivery } from '../../../common/console-webhooks.ts';
import { useWebhookChange, useWebhookEndpoints, webhookCalls, webhookKeys } from '../api/webhooks.ts';
import { Alert, Button, Loading, When } from '../components/bits.tsx';
import { LoadMore, useCursorList } from '../components/ListPaging.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { useQueryClient } from '@tanstack/react-query';

const statusText = (d: WebhookDelivery) =>
  d.status === 'delivered' ? 'Delivered' : d.status === 'failed' ? 'Failed (gave up)' : 'Waiting';

function DeliveryRow({
  d,
  onRedeliver,
  busy,
}: {
  d: WebhookDelivery;
  onRedeliver: () => void;
  busy: boolean;
}) {
  return (
    <tr>
      <td>
        <When at={d.createdAt} />
      </td>
      <td>
        {d.eventType}
        <br />
        <code className="muted">{d.eventId}</code>
      </td>
      <td>
        <span
          className={`badge ${d.status === 'delivered' ? 'green' : d.status === 'failed' ? 'danger' : 'gray'}`}
        >
          {statusText(d)}
        </span>
      </td>
      <td>
        {d.attempts}
        {d.last && (
          <>
            {' '}
            ({d.last.statusCode === null ? 'no answer' : `HTTP ${d.last.statusCode}`}, {d.last.latencyMs} ms)
          </>
        )}
      </td>
      <td>
        {d.last?.error ?? ''}
        {d.last?.responseExcerpt && <code className="excerpt">{d.last.responseExcerpt.slice(0, 200)}</code>}
      </td>
      <td>{d.nextAttemptAt ? <When at={d.nextAttemptAt} /> : '—'}</td>
      <td>
        <Button isDisabled={busy} onPress={onRedeliver} aria-label={`Redeliver ${d.eventType} ${d.eventId}`}>
          Redeliver
        </Button>
      </td>
    </tr>
  );
}

export function WebhookLogPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const endpoints = useWebhookEndpoints();
  const endpoint = endpoints.data?.endpoints.find((e) => e.id === id);
  const { query, items } = useCursorList<WebhookDelivery>(
    webhookKeys.deliveries(id),
    `/api/console/webhooks/${id}/deliveries`,
    'deliveries',
    25,
  );
  const refresh = () => void client.invalidateQueries({ queryKey: webhookKeys.deliveries(id) });
  const redeliver = useWebhookChange(webhookCalls.redeliver, refresh);
  const test = useWebhookChange(() => webhookCalls.test(id), refresh);
  return (
    <>
      <PageHeading crumb="Webhooks" crumbTo="/webhooks">
        Delivery log
      </PageHeading>
      {endpoint && (
        <p>
          Endpoint <code>{endpoint.url}</code>
          {endpoint.enabled ? '' : ' (disabled)'}.
        </p>
      )}
      <div className="actions">
        <Button onPress={refresh}>Refresh</Button>
        <Button isDisabled={!endpoint?.enabled || test.isPending} onPress={() => test.mutate(undefined)}>
          Send test event
        </Button>
      </div>
      {(redeliver.error ?? test.error) && (
        <Alert kind="error">{(redeliver.error ?? test.error)?.message}</Alert>
      )}
      {query.isPending ? (
        <Loading what="the delivery log" />
      ) : query.isError ? (
        <Alert kind="error">{query.error.message}</Alert>
      ) : items.length === 0 ? (
        <p>Nothing sent to this endpoint yet.</p>
      ) : (
        <table className="data webhook-log">
          <caption>Deliveries to this endpoint, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Response</th>
              <th scope="col">Next retry</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <DeliveryRow
                key={d.id}
                d={d}
                busy={redeliver.isPending}
                onRedeliver={() => redeliver.mutate({ id, deliveryId: d.id })}
              />
            ))}
          </tbody>
        </table>
      )}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onMore={() => void query.fetchNextPage()}
        what="deliveries"
        shown={items.length}
      />
    </>
  );
}
