// One app invitation in the list: where it stands (sent, opened, activated,
// with their times; failed with the mail server's words) and its actions.
import { useMutation } from '@tanstack/react-query';
import type { AppInvitation, AppInvitationLink } from '../../../../common/console-app-invitations.ts';
import { api } from '../../api/client.ts';
import { Alert, Button, CopyValue, When } from '../../components/bits.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { statusText } from '../../lib/app-invitation-words.ts';

export function InvitationRow(props: {
  invitation: AppInvitation;
  emailConfigured: boolean;
  onChanged: () => void;
}) {
  const i = props.invitation;
  const resend = useMutation({
    mutationFn: () => api.post(`/api/console/app-invitations/${i.id}/resend`),
    onSuccess: props.onChanged,
  });
  const revoke = useMutation({
    mutationFn: () => api.delete(`/api/console/app-invitations/${i.id}`),
    onSuccess: props.onChanged,
  });
  const link = useMutation({
    mutationFn: () => api.post<AppInvitationLink>(`/api/console/app-invitations/${i.id}/link`),
  });
  const error = resend.error ?? revoke.error ?? link.error;
  const live = i.status !== 'revoked';
  return (
    <tr>
      <td>
        {i.email}
        {i.groupName && <div className="description">Group {i.groupName}</div>}
      </td>
      <td>
        <span
          className={`badge ${i.status === 'activated' ? 'green' : i.status === 'failed' ? 'danger' : 'gray'}`}
        >
          {statusText[i.status]}
        </span>
        {i.failure && <div className="description">{i.failure}</div>}
      </td>
      <td>
        <When at={i.sentAt} />
      </td>
      <td>
        <When at={i.openedAt} />
      </td>
      <td>
        <When at={i.activatedAt} />
      </td>
      <td>
        {live && (
          <div className="actions">
            {props.emailConfigured && (
              <Button
                aria-label={`Resend to ${i.email}`}
                isDisabled={resend.isPending}
                onPress={() => resend.mutate()}
              >
                Resend
              </Button>
            )}
            <Button
              aria-label={`New link for ${i.email}`}
              isDisabled={link.isPending}
              onPress={() => link.mutate()}
            >
              New link
            </Button>
            <ConfirmButton
              label="Revoke"
              title={`Revoke the invitation of ${i.email}?`}
              confirmLabel="Revoke"
              isDisabled={revoke.isPending}
              onConfirm={() => revoke.mutate()}
            >
              <p>Its link stops working: the page then says the invitation was withdrawn.</p>
            </ConfirmButton>
          </div>
        )}
        {resend.isSuccess && <span role="status">Queued to send again.</span>}
        {link.data && (
          <CopyValue label={`Link for ${i.email} (the earlier one no longer works)`} value={link.data.link} />
        )}
        {error && <Alert kind="error">{error.message}</Alert>}
      </td>
    </tr>
  );
}
