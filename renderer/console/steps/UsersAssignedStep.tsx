// Step 6: how many members SCIM has synced into each mapped group; the tick.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { keys, useIntegrationChange } from '../api/queries.ts';
import type { DirectoryGroup, Integration } from '../api/types.ts';
import { Alert, Button } from '../components/bits.tsx';
import { Tick } from '../components/fields.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import { syncedGroup } from '../lib/groups.ts';
import { idpDoneLabel } from '../lib/steps.ts';

export function UsersAssignedStep({ integration }: { integration: Integration }) {
  const groups = useQuery({
    queryKey: keys.groups,
    queryFn: async () =>
      (await api.get<{ groups: DirectoryGroup[] }>('/api/console/directory/groups')).groups,
  });
  const tick = useIntegrationChange((value: boolean) =>
    api.put<Integration>('/api/console/integration/steps/users_assigned', { done: value }),
  );
  const ticked = !integration.steps
    .find((s) => s.key === 'users_assigned')
    ?.missing.some((m) => m.startsWith('tick'));
  const mapped = [
    { role: 'Admins group', ref: integration.groups.admins },
    { role: 'Desktop-users group', ref: integration.groups.desktopUsers },
  ];
  const failure = formErrorsOf(tick.error, []).form;
  return (
    <div>
      <p>In your IdP, add the people who use Latchkey to the groups of step 3. SCIM pushes them here.</p>
      <table className="data">
        <caption>Synced over SCIM</caption>
        <thead>
          <tr>
            <th scope="col">Mapped group</th>
            <th scope="col">Group in Latchkey</th>
            <th scope="col">Members synced</th>
          </tr>
        </thead>
        <tbody>
          {mapped.map(({ role, ref }) => {
            const g = syncedGroup(groups.data ?? [], ref);
            return (
              <tr key={role}>
                <th scope="row">
                  {role}: {ref.name ?? '(not mapped)'}
                </th>
                <td>{g ? g.name : 'not synced yet'}</td>
                <td>{g ? g.members : 0}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="actions">
        <Button onPress={() => void groups.refetch()}>Refresh counts</Button>
      </div>
      {failure && <Alert kind="error">{failure}</Alert>}
      <Tick label={idpDoneLabel} isSelected={ticked} onChange={(v) => tick.mutate(v)} />
    </div>
  );
}
