// Step 7: the backup login, chosen among users who have signed in at least
// once with a password — the one way into the console when the IdP is down.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys, useIntegrationChange } from '../api/queries.ts';
import type { DirectoryUser, Integration } from '../api/types.ts';
import { Alert, Button } from '../components/bits.tsx';
import { Picker } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

export function BackupLoginStep({ integration }: { integration: Integration }) {
  const users = useQuery({
    queryKey: keys.users(''),
    queryFn: async () => (await api.get<{ users: DirectoryUser[] }>('/api/console/directory/users')).users,
  });
  const [userId, setUserId] = useState<string | null>(integration.backupLogin?.userId ?? null);
  const save = useIntegrationChange(() =>
    api.put<Integration>('/api/console/integration/backup-login', { userId }),
  );
  const errors = useFormErrors(save.error, ['userId']);
  const eligible = (users.data ?? []).filter((u) => u.active && u.hasPassword && u.lastLoginAt);
  return (
    <ServerForm
      errors={errors.fields}
      onSubmit={() => {
        save.mutate(undefined);
      }}
    >
      <p>
        If your IdP is down, the backup login still signs in to this console with its email and password. Only
        users who have signed in at least once can be chosen.
      </p>
      {integration.backupLogin && <p>Backup login now: {integration.backupLogin.email}</p>}
      <Picker
        name="userId"
        label="Backup login"
        choices={eligible.map((u) => ({ id: u.id, label: u.email ?? u.userName }))}
        selected={userId}
        onChange={setUserId}
      />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      <Button type="submit" variant="primary" isDisabled={save.isPending || !userId}>
        Save backup login
      </Button>
    </ServerForm>
  );
}
