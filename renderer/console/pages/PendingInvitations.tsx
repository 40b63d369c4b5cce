// The pending invitations (issue 22 item 7): who, as what, invited by whom,
// until when; "Revoke", and "New link" (the old link stops working).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { IssuedInvitationLink } from '../api/types.ts';
import { Alert, Button, When } from '../components/bits.tsx';
import { OneTimeLink, roleText, useInvitations } from './InviteUser.tsx';

export function PendingInvitations() {
  const client = useQueryClient();
  const list = useInvitations();
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
      {list.data && list.data.length > 0 && (
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
            {list.data.map((i) => (
              <tr key={i.id}>
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
                    <Button
                      variant="danger"
                      onPress={() => revoke.mutate(i.id)}
                      isDisabled={revoke.isPending}
                    >
                      Revoke<span className="visually-hidden"> the invitation of {i.email}</span>
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
