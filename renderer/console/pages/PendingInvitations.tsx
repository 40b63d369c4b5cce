// The pending invitations (issue 22 item 7): who, as what, invited by whom,
// until when; "Revoke", and "New link" (the old link stops working).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Invitation, IssuedInvitationLink } from '../api/types.ts';
import { Alert, Button, When } from '../components/bits.tsx';
import { OneTimeLink, roleText, useInvitations } from './InviteUser.tsx';

/** "New link" and "Revoke": each refreshes the list and the audit log. */
function useInvitationActions() {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: keys.invitations });
    void client.invalidateQueries({ queryKey: keys.audit });
  };
  const renew = useMutation({
    mutationFn: (id: string) => api.post<IssuedInvitationLink>(`/api/console/invitations/${id}/link`),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/console/invitations/${id}`),
    onSuccess: refresh,
  });
  return { renew, revoke };
}

type InvitationActions = ReturnType<typeof useInvitationActions>;

function InvitationRow({ invitation: i, actions }: { invitation: Invitation; actions: InvitationActions }) {
  const { renew, revoke } = actions;
  return (
    <tr>
      <th scope="row">{i.email}</th>
      <td>{roleText[i.role]}</td>
      <td>{i.invitedBy}</td>
      <td>
        {i.expired ? 'Expired ' : ''}
        <When at={i.expiresAt} />
      </td>
      <td>
        <div className="row-actions">
          <Button onPress={() => renew.mutate(i.id)} isDisabled={renew.isPending}>
            New link<span className="visually-hidden"> for {i.email}</span>
          </Button>
          <Button variant="danger" onPress={() => revoke.mutate(i.id)} isDisabled={revoke.isPending}>
            Revoke<span className="visually-hidden"> the invitation of {i.email}</span>
          </Button>
        </div>
      </td>
    </tr>
  );
}

function InvitationsTable({
  invitations,
  actions,
}: {
  invitations: Invitation[];
  actions: InvitationActions;
}) {
  return (
    <table className="data invitations">
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Role</th>
          <th scope="col">Invited by</th>
          <th scope="col">Expires</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {invitations.map((i) => (
          <InvitationRow key={i.id} invitation={i} actions={actions} />
        ))}
      </tbody>
    </table>
  );
}

export function PendingInvitations() {
  const list = useInvitations();
  const actions = useInvitationActions();
  const { renew, revoke } = actions;
  const failure = revoke.error ?? renew.error ?? list.error;
  // A link is shown while its invitation is pending (a revoked or renewed one is dead).
  const shown =
    renew.data && list.data?.some((i) => i.id === renew.data.invitation.id) ? renew.data : undefined;
  if (!list.data?.length) return null;
  return (
    <section aria-labelledby="pending-heading">
      <h2 id="pending-heading">Pending invitations</h2>
      {shown && <OneTimeLink issued={shown} />}
      {failure && <Alert kind="error">{failure.message}</Alert>}
      {list.data && list.data.length > 0 && <InvitationsTable invitations={list.data} actions={actions} />}
    </section>
  );
}
