// Step 7: the backup login, chosen among users who have signed in at least
// once with a password — the one way into the console when the IdP is down.
// As the guide says, "by default, the backup login is set to the email address
// of the currently logged-in user": the service stores the first qualifying
// user to sign in (backend/accounts/default-backup-login.ts), and the form
// preselects the signed-in user while none is set.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys, useIntegrationChange, useMe } from '../api/queries.ts';
import type { DirectoryUser, Integration } from '../api/types.ts';
import { Alert, Button } from '../components/bits.tsx';
import { Picker } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

export function BackupLoginStep({ integration }: { integration: Integration }) {
  const users = useQuery({
    queryKey: [...keys.users(''), 'with-password'],
    // Only users with a password can be the backup login: a few, however large the directory.
    queryFn: async () =>
      (await api.get<{ users: DirectoryUser[] }>('/api/console/directory/users?password=yes&limit=500'))
        .users,
  });
  const me = useMe();
  const [picked, setPicked] = useState<string | null>(null);
  const save = useIntegrationChange(() =>
    api.put<Integration>('/api/console/integration/backup-login', { userId }),
  );
  const errors = useFormErrors(save.error, ['userId']);
  const eligible = (users.data ?? []).filter((u) => u.active && u.hasPassword && u.lastLoginAt);
  const current = integration.backupLogin?.userId ?? null;
  const signedInUser = eligible.find((u) => me.data && u.email === me.data.email)?.id ?? null;
  const userId = picked ?? current ?? signedInUser;
  const isMe = integration.backupLogin !== null && integration.backupLogin.email === me.data?.email;
  return (
    <ServerForm
      errors={errors.fields}
      onSubmit={() => {
        save.mutate(undefined);
      }}
    >
      <p>
        If your IdP is down, the backup login still signs in to this console with its email and password. By
        default it is you, the signed-in user: Latchkey sets it at the first sign-in of a user with a
        password. You may choose another user who has signed in with a password at least once.
      </p>
      {integration.backupLogin && (
        <p>
          Backup login now: <strong>{integration.backupLogin.email}</strong>
          {isMe ? ' (you)' : ''}
        </p>
      )}
      <Picker
        name="userId"
        label="Backup login"
        choices={eligible.map((u) => ({ id: u.id, label: u.email ?? u.userName }))}
        selected={userId}
        onChange={setPicked}
      />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      <Button type="submit" variant="primary" isDisabled={save.isPending || !userId || userId === current}>
        Save backup login
      </Button>
    </ServerForm>
  );
}
