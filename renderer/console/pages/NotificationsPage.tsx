// Notifications (issue 24 item 4, docs/notifications.md): email rules that
// tell chosen console admins before something breaks — one email per fact,
// each with an unsubscribe link for that rule.
import { useMutation, useQuery } from '@tanstack/react-query';
import type { NotificationSettings, NotificationTestResult } from '../../../common/console-notifications.ts';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { Alert, Button, Loading } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { NotificationRuleCard } from './NotificationRuleCard.tsx';

const notificationsKey = () => [...keys.workspace, 'notifications'] as const;

function TestEmail({ configured }: { configured: boolean }) {
  const send = useMutation({
    mutationFn: () => api.post<NotificationTestResult>('/api/console/notifications/test'),
  });
  return (
    <section className="card" aria-labelledby="email-delivery">
      <h2 id="email-delivery">Email delivery</h2>
      {configured ? (
        <p>Email is configured: notifications are sent through the service&apos;s SMTP server.</p>
      ) : (
        <Alert kind="warning">
          Email is not configured on this service (<code>LATCHKEY_SMTP_URL</code>): rules are saved, but no
          email is sent until the operator sets it.
        </Alert>
      )}
      <div className="actions">
        <Button variant="secondary" isDisabled={!configured || send.isPending} onPress={() => send.mutate()}>
          {send.isPending ? 'Sending…' : 'Send a test email'}
        </Button>
      </div>
      {send.isSuccess && <Alert kind="success">Test email sent to {send.data.sentTo}.</Alert>}
      {send.isError && <Alert kind="error">{send.error.message}</Alert>}
    </section>
  );
}

export function NotificationsPage() {
  const settings = useQuery({
    queryKey: notificationsKey(),
    queryFn: () => api.get<NotificationSettings>('/api/console/notifications'),
  });
  return (
    <>
      <PageHeading>Notifications</PageHeading>
      <p>
        Email chosen admins before something breaks. Each rule sends one email per fact (a certificate&apos;s
        7-day notice, a spike that starts), never a storm; every email has a link to stop that rule.
      </p>
      {settings.isPending ? (
        <Loading what="notification rules" />
      ) : settings.isError ? (
        <Alert kind="error">{settings.error.message}</Alert>
      ) : (
        <>
          <TestEmail configured={settings.data.emailConfigured} />
          {settings.data.rules.map((rule) => (
            <NotificationRuleCard
              key={rule.kind}
              rule={rule}
              admins={settings.data.admins}
              queryKey={notificationsKey()}
            />
          ))}
        </>
      )}
    </>
  );
}
