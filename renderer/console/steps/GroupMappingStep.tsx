// Step 3: its two sections as the guide names them — Business Account Admins
// (may use this console through SSO) and Desktop Users (may activate the
// app), each group by name and ID, with the hint where the chosen IdP shows
// a group's ID — and Save.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useIntegrationChange } from '../api/queries.ts';
import type { Integration } from '../api/types.ts';
import { Alert, Button } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { presetGuides } from '../lib/idp-presets.ts';

const groupFields = [
  'adminsGroup.name',
  'adminsGroup.id',
  'desktopUsersGroup.name',
  'desktopUsersGroup.id',
] as const;

export function GroupMappingStep({ integration }: { integration: Integration }) {
  const g = integration.groups;
  const [adminsName, setAdminsName] = useState(g.admins.name ?? '');
  const [adminsId, setAdminsId] = useState(g.admins.id ?? '');
  const [usersName, setUsersName] = useState(g.desktopUsers.name ?? '');
  const [usersId, setUsersId] = useState(g.desktopUsers.id ?? '');
  const [saved, setSaved] = useState(false);
  const save = useIntegrationChange(() =>
    api.put<Integration>('/api/console/integration/groups', {
      adminsGroup: { name: adminsName, id: adminsId },
      desktopUsersGroup: { name: usersName, id: usersId },
    }),
  );
  const errors = useFormErrors(save.error, groupFields);
  const hint = presetGuides[integration.idp.attributePreset].groupIdHint;
  return (
    <ServerForm
      errors={errors.fields}
      onSubmit={() => {
        setSaved(false);
        save.mutate(undefined, { onSuccess: () => setSaved(true) });
      }}
    >
      <p>
        Members of the <strong>Business Account Admins</strong> group may sign in to this console with SSO.
        Members of the <strong>Desktop Users</strong> group may activate the desktop app. {hint}
      </p>
      <fieldset>
        <legend>Business Account Admins</legend>
        <TextInput
          name="adminsGroup.name"
          label="Admins group name"
          value={adminsName}
          onChange={setAdminsName}
        />
        <TextInput name="adminsGroup.id" label="Admins group ID" value={adminsId} onChange={setAdminsId} />
      </fieldset>
      <fieldset>
        <legend>Desktop Users</legend>
        <TextInput
          name="desktopUsersGroup.name"
          label="Desktop-users group name"
          value={usersName}
          onChange={setUsersName}
        />
        <TextInput
          name="desktopUsersGroup.id"
          label="Desktop-users group ID"
          value={usersId}
          onChange={setUsersId}
        />
      </fieldset>
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      {saved && <Alert kind="success">Group mapping saved.</Alert>}
      <Button type="submit" variant="primary" isDisabled={save.isPending}>
        Save
      </Button>
    </ServerForm>
  );
}
