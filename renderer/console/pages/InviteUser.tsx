// "Invite user" on the Users page (issue 22 item 7): an email and a role,
// Console admin or Backup login. The guide has the admin add users and wait
// for their first sign-in before one can be the backup login; here the
// invitee sets a password through a one-time link and is the backup login at
// once. No mail is sent yet: the link is shown once, to copy and pass on.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Invitation, InvitationRole, IssuedInvitationLink } from '../api/types.ts';
import { Alert, Button } from '../components/bits.tsx';
import { Picker, TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

/** The pending invitations (one query for the list and the users table's badges). */
export function useInvitations() {
  return useQuery({
    queryKey: keys.invitations,
    queryFn: async () =>
      (await api.get<{ invitations: Invitation[] }>('/api/console/invitations')).invitations,
  });
}

export const roleText: Record<InvitationRole, string> = {
  console_admin: 'Console admin',
  backup_login: 'Backup login',
};

const roles = [
  { id: 'console_admin', label: roleText.console_admin },
  { id: 'backup_login', label: roleText.backup_login },
];

/** The one-time link, shown once: there is no mail sender yet, so the admin passes it on. */
export function OneTimeLink({ issued }: { issued: IssuedInvitationLink }) {
  const [copied, setCopied] = useState(false);
  const { email, role, expiresAt } = issued.invitation;
  return (
    <div className="alert success one-time-link">
      <p role="status">
        <strong>
          Invitation for {email} ({roleText[role]})
        </strong>
        : we did not send an email. Give this link to {email} yourself. It is shown only now, works once, and
        expires on {new Date(expiresAt).toLocaleDateString()}.
      </p>
      <div className="copy-label">Invitation link</div>
      <div className="copy-row">
        <code>{issued.link}</code>
        <span className="copy">
          <Button
            variant="primary"
            onPress={() => {
              void navigator.clipboard.writeText(issued.link).then(() => setCopied(true));
            }}
          >
            Copy link
          </Button>
          <span role="status" className="copied">
            {copied ? 'Copied' : ''}
          </span>
        </span>
      </div>
    </div>
  );
}

export function InviteUser() {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<InvitationRole | null>(null);
  const invite = useMutation({
    mutationFn: () => api.post<IssuedInvitationLink>('/api/console/invitations', { email, role }),
    onSuccess: () => {
      setEmail('');
      setRole(null);
      void client.invalidateQueries({ queryKey: keys.invitations });
      void client.invalidateQueries({ queryKey: keys.users('') });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
  const errors = useFormErrors(invite.error, ['email', 'role']);
  // The link is shown while its invitation is pending: after "New link" or "Revoke" it is dead.
  const pending = useInvitations();
  const issued = invite.data;
  const live = issued && pending.data?.some((i) => i.id === issued.invitation.id) ? issued : undefined;
  return (
    <section aria-labelledby="invite-heading" className="invite">
      <h2 id="invite-heading">Invite user</h2>
      <p>Add a person to this console by email: they set a password through a one-time link, valid 7 days.</p>
      <ul>
        <li>
          <strong>Backup login</strong>: becomes step 7&apos;s backup login (in place of the current one) as
          soon as they accept. Unlike the guide&apos;s way, they need not have signed in before.
        </li>
        <li>
          <strong>Console admin</strong>: signs in with the password until single sign-on is active. Then an
          admin whose email is in one of your verified domains signs in with SSO like everyone; an outside
          collaborator (another company&apos;s email) keeps the password, since your IdP cannot sign them in.
        </li>
        <li>
          A person your IdP already provisions signs in with SSO and is not invited. Inviting an email again
          replaces its first link.
        </li>
      </ul>
      <ServerForm errors={errors.fields} onSubmit={() => invite.mutate()} className="invite-form">
        <TextInput name="email" label="Email" type="email" value={email} onChange={setEmail} isRequired />
        <Picker
          name="role"
          label="Role"
          choices={roles}
          selected={role}
          onChange={(id) => setRole(id === 'backup_login' ? 'backup_login' : 'console_admin')}
        />
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" isDisabled={invite.isPending}>
          Invite user
        </Button>
      </ServerForm>
      {live && <OneTimeLink issued={live} />}
    </section>
  );
}
