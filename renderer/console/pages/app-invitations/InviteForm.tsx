// App invitations → Invite: typed emails, or a whole directory group. Each
// invitee gets one email (with SMTP); without SMTP the console shows each
// typed invitee's link to copy.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AppInvitationResult } from '../../../../common/console-app-invitations.ts';
import type { DirectoryGroup } from '../../../../common/console-directory.ts';
import { api } from '../../api/client.ts';
import { keys, useIntegration } from '../../api/queries.ts';
import { Alert, Button, CopyValue } from '../../components/bits.tsx';
import { Picker, TextInput } from '../../components/fields.tsx';
import { ServerForm } from '../../components/server-form.tsx';
import { useFormErrors } from '../../components/use-form-errors.ts';
import { splitEmails } from '../../lib/app-invitation-words.ts';
import { DirectoryPicker } from './DirectoryPicker.tsx';

function resultText(r: AppInvitationResult): string {
  const parts = [
    `${r.invited} invited`,
    ...(r.reinstated ? [`${r.reinstated} invited again`] : []),
    ...(r.alreadyInvited ? [`${r.alreadyInvited} already invited (use Resend in the list)`] : []),
    ...(r.withoutEmail ? [`${r.withoutEmail} group members have no email and were left out`] : []),
    ...(r.outsideDomains
      ? [`${r.outsideDomains} group members are outside your verified domains and were left out`]
      : []),
  ];
  const how = r.emailConfigured
    ? 'Their emails are on their way.'
    : 'Nothing was emailed: pass each link on yourself.';
  return `${parts.join(', ')}. ${how}`;
}

export function InviteForm({ onInvited }: { onInvited: () => void }) {
  const client = useQueryClient();
  const [typed, setTyped] = useState('');
  const [groupId, setGroupId] = useState<string | null>(null);
  const groups = useQuery({
    queryKey: keys.groups,
    queryFn: async () =>
      (await api.get<{ groups: DirectoryGroup[] }>('/api/console/directory/groups')).groups,
  });
  const invite = useMutation({
    mutationFn: (body: { emails: string[] } | { groupId: string }) =>
      api.post<AppInvitationResult>('/api/console/app-invitations', body),
    onSuccess: () => {
      setTyped('');
      setGroupId(null);
      onInvited();
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
  const errors = useFormErrors(invite.error, ['emails', 'groupId']);
  // The group mapped as Desktop Users in step 3 first: the people who may activate.
  const mapped = useIntegration().data?.groups.desktopUsers;
  const isMapped = (g: DirectoryGroup) =>
    Boolean(mapped) &&
    ((mapped?.id != null && g.externalId === mapped.id) ||
      (mapped?.name != null && g.name.toLowerCase() === mapped.name.toLowerCase()));
  const choices = [...(groups.data ?? [])]
    .sort((a, b) => Number(isMapped(b)) - Number(isMapped(a)))
    .map((g) => ({
      id: g.id,
      label: `${g.name} (${g.members} members)${isMapped(g) ? ', mapped as Desktop Users' : ''}`,
    }));
  return (
    <section className="card" aria-labelledby="invite-app">
      <h2 id="invite-app">Invite people</h2>
      {/* Outside the form: Enter in its search box must not send the invitations. */}
      <DirectoryPicker
        picked={splitEmails(typed)}
        onPick={(email) => {
          invite.reset();
          setGroupId(null);
          setTyped((t) => (t.trim() ? `${t.trim()}\n${email}` : email));
        }}
      />
      <ServerForm
        errors={errors.fields}
        onSubmit={() => invite.mutate(groupId ? { groupId } : { emails: splitEmails(typed) })}
        className="invite-form"
      >
        <TextInput
          name="emails"
          label="Emails"
          multiline
          description="Work emails in your verified domains, separated by commas or new lines (up to 500 at once)."
          value={typed}
          onChange={(v) => {
            invite.reset();
            setTyped(v);
            if (v) setGroupId(null);
          }}
        />
        <Picker
          name="groupId"
          label="Or a whole group from your directory"
          choices={choices}
          selected={groupId}
          placeholder={
            groups.isPending ? 'Loading groups…' : choices.length ? 'Choose a group…' : 'No groups yet'
          }
          description="Everyone in the group who has an email gets one; the emails go out in the background."
          onChange={(id) => {
            invite.reset();
            setGroupId(id);
            setTyped('');
          }}
        />
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" isDisabled={invite.isPending || (!groupId && !typed.trim())}>
          {invite.isPending ? 'Inviting…' : 'Send invitations'}
        </Button>
      </ServerForm>
      {invite.data && (
        <Alert kind="success">
          <p>{resultText(invite.data)}</p>
          {invite.data.links.map((l) => (
            <CopyValue key={l.id} label={`Link for ${l.email}`} value={l.link} />
          ))}
        </Alert>
      )}
    </section>
  );
}
