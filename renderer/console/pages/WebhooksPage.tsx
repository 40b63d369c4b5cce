// Webhooks (issue 24 item 2, docs/webhooks.md): the account's endpoints, a
// banner for each one disabled after a day of failures, the secret shown once
// after "Add endpoint" or "Rotate secret".
import { useState } from 'react';
import type { WebhookSecretShown } from '../../../common/console-webhooks.ts';
import { useWebhookEndpoints } from '../api/webhooks.ts';
import { Alert, CopyValue, Loading, When } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { AddWebhookForm } from './AddWebhookForm.tsx';
import { WebhookEndpointItem } from './WebhookEndpointItem.tsx';

export function WebhooksPage() {
  const list = useWebhookEndpoints();
  const [shown, setShown] = useState<WebhookSecretShown | undefined>();
  const endpoints = list.data?.endpoints ?? [];
  const disabled = endpoints.filter((e) => !e.enabled && e.failingSince !== null);
  return (
    <>
      <PageHeading>Webhooks</PageHeading>
      <p>
        Latchkey POSTs each event of this account to your endpoints, signed as the Standard Webhooks spec
        says, and retries failed deliveries for about a day.
      </p>
      {disabled.map((e) => (
        <Alert key={e.id} kind="error">
          The endpoint <code>{e.url}</code> was disabled <When at={e.disabledAt} />: {e.disabledReason}. Fix
          the receiver, then enable it: the events it missed are sent.
        </Alert>
      ))}
      {shown && (
        <Alert kind="warning">
          <p>Copy the signing secret of {shown.endpoint.url} now: it is shown only this once.</p>
          <CopyValue label="Signing secret" value={shown.secret} />
        </Alert>
      )}
      {list.isPending ? (
        <Loading what="webhook endpoints" />
      ) : list.isError ? (
        <Alert kind="error">{list.error.message}</Alert>
      ) : endpoints.length === 0 ? (
        <p>No endpoint yet.</p>
      ) : (
        <ul className="plain-list" aria-label="Endpoints">
          {endpoints.map((e) => (
            <WebhookEndpointItem key={e.id} endpoint={e} onSecret={setShown} />
          ))}
        </ul>
      )}
      <AddWebhookForm onCreated={setShown} />
    </>
  );
}
