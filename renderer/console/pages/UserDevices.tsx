// One user's activated devices (name, OS, app version, activated, last
// check-in), each with Revoke: read by user, a page at a time (issue 23 item 8).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Activation, DirectoryUser } from '../api/types.ts';
import { LoadMore, useCursorList } from '../components/ListPaging.tsx';
import { Alert, Button, When } from '../components/bits.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';

export function UserDevices({ user }: { user: DirectoryUser }) {
  const client = useQueryClient();
  const { query, items: mine } = useCursorList<Activation>(
    [...keys.activations, 'user', user.id],
    `/api/console/activations?user=${encodeURIComponent(user.id)}`,
    'activations',
  );
  const revoke = useMutation({
    mutationFn: (id: string) => api.post(`/api/console/activations/${id}/revoke`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.activations });
      void client.invalidateQueries({ queryKey: keys.allUsers });
      void client.invalidateQueries({ queryKey: keys.usage });
    },
  });
  const failure = formErrorsOf(revoke.error, []).form;
  if (query.isPending) return <p role="status">Loading devices…</p>;
  if (query.isError) return <Alert kind="error">{query.error.message}</Alert>;
  if (mine.length === 0) return <p>No activated devices.</p>;
  return (
    <>
      <table className="data">
        <caption>Devices of {user.email ?? user.userName}</caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">OS</th>
            <th scope="col">App version</th>
            <th scope="col">Activated</th>
            <th scope="col">Last check-in</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {mine.map((a) => (
            <tr key={a.id}>
              <td>{a.deviceName}</td>
              <td>{a.os}</td>
              <td>{a.appVersion}</td>
              <td>
                <When at={a.createdAt} />
              </td>
              <td>
                <When at={a.lastCheckInAt} />
              </td>
              <td>
                <Button variant="danger" isDisabled={revoke.isPending} onPress={() => revoke.mutate(a.id)}>
                  Revoke {a.deviceName}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {query.hasNextPage && (
        <LoadMore
          hasMore
          loading={query.isFetchingNextPage}
          onMore={() => void query.fetchNextPage()}
          what="devices"
          shown={mine.length}
        />
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
    </>
  );
}
