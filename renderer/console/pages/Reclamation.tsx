// A license's reclamation (issue 23 item 2): "release devices silent for N
// days" (off by default, at least 7), the preview of what it would release
// now — exact counts and the longest silent devices — and "Release now",
// confirmed. The scheduled job applies the saved policy on its own.
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type {
  License,
  ReclamationPolicy,
  ReclamationPreview,
  ReclamationRun,
} from '../../../common/console-api.ts';
import { Alert, Button, Loading, When } from '../components/bits.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

const minimumDays = 7;
const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
const reclamationKey = (licenseId: string) => [...keys.workspace, 'reclamation', licenseId] as const;

/** Days typed that the service would take (else the preview shows the saved policy's). */
function typedDays(text: string): number | undefined {
  const n = /^\d{1,4}$/.test(text.trim()) ? Number(text) : NaN;
  return n >= minimumDays && n <= 3650 ? n : undefined;
}

function PreviewTable({ preview }: { preview: ReclamationPreview }) {
  return (
    <table className="data">
      <caption>
        {preview.devices > preview.list.length
          ? `The ${preview.list.length} longest silent of ${plural(preview.devices, 'device')}`
          : 'Devices that would be released'}
      </caption>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Device</th>
          <th scope="col">OS</th>
          <th scope="col">Last check-in</th>
          <th scope="col">Days silent</th>
        </tr>
      </thead>
      <tbody>
        {preview.list.map((d) => (
          <tr key={d.activationId}>
            <th scope="row">{d.email ?? d.userId}</th>
            <td>{d.deviceName}</td>
            <td>{d.os}</td>
            <td>
              <When at={d.lastCheckInAt} />
            </td>
            <td>{d.silentDays}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Release now" runs the saved policy; its outcome stays shown after the preview empties. */
function useReleaseNow(license: License) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ReclamationRun>(`/api/console/licenses/${license.id}/reclamation/run`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: reclamationKey(license.id) });
      void client.invalidateQueries({ queryKey: keys.usage });
      void client.invalidateQueries({ queryKey: keys.activations });
    },
  });
}

function ReleaseNow(props: { preview: ReclamationPreview; isPending: boolean; onConfirm: () => void }) {
  const { preview } = props;
  return (
    <ConfirmButton
      label="Release now"
      title={`Release ${plural(preview.devices, 'device')} now?`}
      confirmLabel="Release devices"
      isDisabled={preview.devices === 0 || props.isPending}
      onConfirm={props.onConfirm}
    >
      <p>
        {plural(preview.devices, 'device')} of {plural(preview.users, 'user')} lose their license at their
        next check-in and are told why; their seats are free at once. A device that checks in before it is
        released is kept.
      </p>
    </ConfirmButton>
  );
}

function RunOutcome({ run }: { run: ReturnType<typeof useReleaseNow> }) {
  if (run.error) return <Alert kind="error">{run.error.message}</Alert>;
  if (!run.data) return null;
  const { released, users, kept } = run.data;
  return (
    <Alert kind="success">
      Released {plural(released, 'device')} of {plural(users, 'user')}
      {kept ? ` (${plural(kept, 'device')} checked in meanwhile and were kept)` : ''}.
    </Alert>
  );
}

/** What the days typed (or saved) would release, and Release now once they are the saved policy. */
function PreviewSection({
  days,
  preview,
  releasable,
  run,
}: {
  days: number;
  preview: UseQueryResult<ReclamationPreview>;
  releasable: boolean;
  run: ReturnType<typeof useReleaseNow>;
}) {
  if (preview.isPending) return <Loading what="the preview" />;
  if (!preview.data) return null;
  const { devices, users } = preview.data;
  return (
    <>
      <p role="status">
        {devices === 0
          ? `No device has been silent for ${days} days: nothing would be released.`
          : `These ${plural(devices, 'device')} of ${plural(users, 'user')} would be released (silent for ${days} days or more).`}
      </p>
      {devices > 0 && <PreviewTable preview={preview.data} />}
      {releasable && devices > 0 && (
        <ReleaseNow preview={preview.data} isPending={run.isPending} onConfirm={() => run.mutate()} />
      )}
    </>
  );
}

export function Reclamation({ license }: { license: License }) {
  const client = useQueryClient();
  const policy = useQuery({
    queryKey: [...reclamationKey(license.id), 'policy'],
    queryFn: () => api.get<ReclamationPolicy>(`/api/console/licenses/${license.id}/reclamation`),
  });
  const [days, setDays] = useState('');
  const previewDays = typedDays(days) ?? policy.data?.silentDays ?? undefined;
  const preview = useQuery({
    queryKey: [...reclamationKey(license.id), 'preview', previewDays ?? null],
    enabled: previewDays !== undefined,
    queryFn: () =>
      api.get<ReclamationPreview>(
        `/api/console/licenses/${license.id}/reclamation/preview?silentDays=${previewDays ?? ''}`,
      ),
  });
  const save = useMutation({
    mutationFn: (silentDays: number | string | null) =>
      api.put<ReclamationPolicy>(`/api/console/licenses/${license.id}/reclamation`, { silentDays }),
    onSuccess: () => {
      setDays('');
      void client.invalidateQueries({ queryKey: reclamationKey(license.id) });
    },
  });
  const run = useReleaseNow(license);
  const errors = useFormErrors(save.error, ['silentDays']);
  const saved = policy.data?.silentDays ?? null;
  const savedShown = saved !== null && previewDays === saved;
  return (
    <section aria-label={`Reclamation of ${license.key}`}>
      <h3>Reclamation</h3>
      {policy.isPending ? (
        <Loading what="the reclamation policy" />
      ) : (
        <p>
          {saved === null
            ? 'Off: devices keep their seats however long they stay silent.'
            : `On: devices silent for ${saved} days are released (checked every few hours).`}
        </p>
      )}
      <ServerForm
        errors={errors.fields}
        onSubmit={() => save.mutate(/^\d+$/.test(days.trim()) ? Number(days) : days)}
        className="inline-form"
      >
        <TextInput
          name="silentDays"
          label="Release devices silent for (days)"
          description={`At least ${minimumDays}. The preview below follows what you type.`}
          value={days}
          onChange={setDays}
        />
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        <Button type="submit" isDisabled={save.isPending}>
          Save policy
        </Button>
        {saved !== null && (
          <Button variant="secondary" isDisabled={save.isPending} onPress={() => save.mutate(null)}>
            Turn off
          </Button>
        )}
      </ServerForm>
      {previewDays !== undefined && (
        <PreviewSection days={previewDays} preview={preview} releasable={savedShown} run={run} />
      )}
      <RunOutcome run={run} />
    </section>
  );
}
