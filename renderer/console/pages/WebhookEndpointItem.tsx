// One webhook endpoint in the list: its state, what it hears, and its actions
// (delivery log, send test event, enable/disable, rotate secret, delete).
import { Link } from 'react-router';
import type { WebhookEndpoint, WebhookSecretShown } from '../../../common/console-webhooks.ts';
import { useWebhookChange, webhookCalls } from '../api/webhooks.ts';
import { Alert, Button, StateBadge, When } from '../components/bits.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';

export function WebhookEndpointItem({
  endpoint: e,
  onSecret,
}: {
  endpoint: WebhookEndpoint;
  onSecret: (shown: WebhookSecretShown) => void;
}) {
  const toggle = useWebhookChange((on: boolean) =>
    on ? webhookCalls.enable(e.id) : webhookCalls.disable(e.id),
  );
  const rotate = useWebhookChange(() => webhookCalls.rotate(e.id), onSecret);
  const remove = useWebhookChange(() => webhookCalls.remove(e.id));
  const test = useWebhookChange(() => webhookCalls.test(e.id));
  const failed = toggle.error ?? rotate.error ?? remove.error ?? test.error;
  return (
    <li className="card webhook" aria-label={`Endpoint ${e.url}`}>
      <h3>
        <code>{e.url}</code> <StateBadge green={e.enabled} labels={['Enabled', 'Disabled']} />
      </h3>
      {e.description && <p>{e.description}</p>}
      <p>
        Hears: {e.eventTypes === null ? 'all event types' : e.eventTypes.join(', ')}. Added{' '}
        <When at={e.createdAt} />. {e.pending} waiting for delivery.
        {e.failingSince && (
          <>
            {' '}
            Failing since <When at={e.failingSince} />.
          </>
        )}
      </p>
      {!e.enabled && e.disabledReason && <p>Disabled: {e.disabledReason}.</p>}
      <div className="actions">
        <Link className="button primary" to={`/webhooks/${e.id}`}>
          Delivery log
        </Link>
        <Button isDisabled={!e.enabled || test.isPending} onPress={() => test.mutate(undefined)}>
          Send test event
        </Button>
        <Button isDisabled={toggle.isPending} onPress={() => toggle.mutate(!e.enabled)}>
          {e.enabled ? 'Disable' : 'Enable'}
        </Button>
        <ConfirmButton
          label="Rotate secret"
          title={`Rotate the secret of ${e.url}?`}
          confirmLabel="Rotate"
          isDisabled={rotate.isPending}
          onConfirm={() => rotate.mutate(undefined)}
        >
          <p>
            Deliveries are signed with both the old and the new secret for 24 hours, then with the new one
            only.
          </p>
        </ConfirmButton>
        <ConfirmButton
          label="Delete"
          title={`Delete the endpoint ${e.url}?`}
          confirmLabel="Delete"
          isDisabled={remove.isPending}
          onConfirm={() => remove.mutate(undefined)}
        >
          <p>Its waiting deliveries and its delivery log are deleted too.</p>
        </ConfirmButton>
      </div>
      {test.isSuccess && <Alert kind="success">Test event queued: see the delivery log.</Alert>}
      {failed && <Alert kind="error">{failed.message}</Alert>}
    </li>
  );
}
