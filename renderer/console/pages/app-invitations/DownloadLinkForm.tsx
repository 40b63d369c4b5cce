// App invitations → Download link: what the emails tell people to download.
// The account's own link, or the service's default (LATCHKEY_APP_DOWNLOAD_URL).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AppInvitationSettings } from '../../../../common/console-app-invitations.ts';
import { api } from '../../api/client.ts';
import { Alert, Button } from '../../components/bits.tsx';
import { TextInput } from '../../components/fields.tsx';
import { ServerForm } from '../../components/server-form.tsx';
import { useFormErrors } from '../../components/use-form-errors.ts';

export function DownloadLinkForm({
  settings,
  queryKey,
}: {
  settings: AppInvitationSettings;
  queryKey: readonly unknown[];
}) {
  const client = useQueryClient();
  const [url, setUrl] = useState(settings.custom ? (settings.downloadUrl ?? '') : '');
  const save = useMutation({
    mutationFn: (downloadUrl: string | null) =>
      api.put<AppInvitationSettings>('/api/console/app-invitations/settings', { downloadUrl }),
    onSuccess: (saved) => client.setQueryData(queryKey, saved),
  });
  const errors = useFormErrors(save.error, ['downloadUrl']);
  return (
    <section className="card" aria-labelledby="download-link">
      <h2 id="download-link">Download link</h2>
      <p>
        {settings.downloadUrl ? (
          <>
            Invitations tell people to download Latchkey from <code>{settings.downloadUrl}</code>
            {settings.custom ? ' (set for this account).' : ' (this service’s default).'}
          </>
        ) : (
          'No download link yet: set one before inviting anyone.'
        )}
      </p>
      <ServerForm
        errors={errors.fields}
        onSubmit={() => save.mutate(url.trim() || null)}
        className="inline-form"
      >
        <TextInput
          name="downloadUrl"
          label="Your download link"
          type="url"
          description={
            settings.serviceDefault
              ? `Leave empty for the service's default, ${settings.serviceDefault}.`
              : 'Where your people get the installer, e.g. your software portal.'
          }
          value={url}
          onChange={(v) => {
            save.reset();
            setUrl(v);
          }}
        />
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        {save.isSuccess && <Alert kind="success">Download link saved.</Alert>}
        <Button type="submit" isDisabled={save.isPending}>
          Save download link
        </Button>
      </ServerForm>
    </section>
  );
}
