// App invitations (issue 25 item 3; the guide's "Deploying via an Invitation
// Email"): invite people by email to install Latchkey and activate it with
// SSO, and follow each invitation: sent, opened, activated, or failed. Not
// the console's team invitations (Users → Invite user).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type {
  AppInvitation,
  AppInvitationSettings,
  AppInvitationStatus,
} from '../../../../common/console-app-invitations.ts';
import { api } from '../../api/client.ts';
import { keys } from '../../api/queries.ts';
import { Alert, Loading } from '../../components/bits.tsx';
import { Picker } from '../../components/fields.tsx';
import { LoadMore, useCursorList } from '../../components/ListPaging.tsx';
import { PageHeading } from '../../components/Shell.tsx';
import { statusFilters } from '../../lib/app-invitation-words.ts';
import { DownloadLinkForm } from './DownloadLinkForm.tsx';
import { InvitationRow } from './InvitationRow.tsx';
import { InviteForm } from './InviteForm.tsx';

const settingsKey = () => [...keys.workspace, 'app-invitation-settings'] as const;
const listKey = () => [...keys.workspace, 'app-invitations'] as const;

export function AppInvitationsPage() {
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: settingsKey(),
    queryFn: () => api.get<AppInvitationSettings>('/api/console/app-invitations/settings'),
  });
  const [status, setStatus] = useState<AppInvitationStatus | 'all'>('all');
  const query = status === 'all' ? '' : `status=${status}`;
  const { query: list, items } = useCursorList<AppInvitation>(
    [...listKey(), query],
    `/api/console/app-invitations?${query}`,
    'items',
    50,
  );
  const changed = () => void client.invalidateQueries({ queryKey: listKey() });
  if (settings.isPending) return <Loading what="app invitations" />;
  if (settings.isError) return <Alert kind="error">{settings.error.message}</Alert>;
  const s = settings.data;
  return (
    <>
      <PageHeading>App invitations</PageHeading>
      <p>
        Deploying via an invitation email: each person gets one email with the download link and an{' '}
        <strong>Activate Latchkey</strong> link. The link opens a page that opens Latchkey at “Continue with
        SSO” with their email filled in, or tells them how to install it first. They activate by signing in
        with your IdP, as usual.
      </p>
      {!s.emailConfigured && (
        <Alert kind="warning">
          Email is not configured on this service (LATCHKEY_SMTP_URL), so nothing is emailed: after inviting,
          copy each person&apos;s link and pass it on yourself.
        </Alert>
      )}
      <DownloadLinkForm settings={s} queryKey={settingsKey()} />
      {s.downloadUrl && <InviteForm onInvited={changed} />}
      <section aria-labelledby="app-invitations-list">
        <h2 id="app-invitations-list">Invitations</h2>
        <div className="filters">
          <Picker
            name="status"
            label="Status"
            choices={statusFilters}
            selected={status}
            onChange={(id) => setStatus(id as AppInvitationStatus | 'all')}
          />
        </div>
        {list.isPending ? (
          <Loading what="invitations" />
        ) : list.isError ? (
          <Alert kind="error">{list.error.message}</Alert>
        ) : items.length === 0 ? (
          <p>No invitations{status === 'all' ? ' yet' : ' with this status'}.</p>
        ) : (
          <table className="data">
            <caption>Invitations, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Status</th>
                <th scope="col">Sent</th>
                <th scope="col">Opened</th>
                <th scope="col">Activated</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <InvitationRow
                  key={i.id}
                  invitation={i}
                  emailConfigured={s.emailConfigured}
                  onChanged={changed}
                />
              ))}
            </tbody>
          </table>
        )}
        <LoadMore
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onMore={() => void list.fetchNextPage()}
          what="invitations"
          shown={items.length}
        />
      </section>
    </>
  );
}
