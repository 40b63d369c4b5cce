// The invitee's page, signed out (issue 22 item 7): /console/invitation#<token>.
// The token is in the URL fragment, which the browser never sends (no access
// log, no Referer); the page posts it. It shows the account and the email,
// sets the password (the service's rules) and signs the person in.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { useSwitchWorkspace } from '../api/use-workspace.ts';
import type { InvitationAccepted, InvitationDetails } from '../api/types.ts';
import { Alert, Button, Loading } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { roleText } from './InviteUser.tsx';

const tokenFromUrl = () => window.location.hash.replace(/^#/, '');

function AcceptForm({ token, details }: { token: string; details: InvitationDetails }) {
  const switchTo = useSwitchWorkspace();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const accept = useMutation({
    mutationFn: () => api.post<InvitationAccepted>('/api/console/invitation/accept', { token, password }),
    onSuccess: (answer) => {
      // The link is spent: out of the address bar and the history entry.
      window.history.replaceState(null, '', window.location.pathname);
      if (!answer.signedIn) return;
      // A session of its own (the service replaced this browser's): the tab shows the invitee's account.
      switchTo(answer.accountId);
      void navigate('/integration');
    },
  });
  const errors = useFormErrors(accept.error, ['password']);
  if (accept.data && !accept.data.signedIn)
    return (
      <Alert kind="success">
        Your password is set. Single sign-on is active for {details.accountName}: sign in with{' '}
        <strong>Continue with SSO</strong> on the <Link to="/sign-in">sign-in page</Link>.
      </Alert>
    );
  return (
    <ServerForm errors={errors.fields} onSubmit={() => accept.mutate()}>
      <input type="hidden" name="username" autoComplete="username" value={details.email} />
      <TextInput
        name="password"
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        description="At least 12 characters."
        value={password}
        onChange={setPassword}
        isRequired
      />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      <div className="actions">
        <Button type="submit" variant="primary" isDisabled={accept.isPending}>
          Set password and sign in
        </Button>
      </div>
    </ServerForm>
  );
}

function Invitation({ token }: { token: string }) {
  const details = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.post<InvitationDetails>('/api/console/invitation/details', { token }),
    staleTime: Infinity,
  });
  if (details.isPending) return <Loading what="the invitation" />;
  if (details.isError)
    return (
      <>
        <Alert kind="error">{details.error.message}</Alert>
        <p>
          <Link to="/sign-in">Go to the sign-in page</Link>
        </p>
      </>
    );
  const d = details.data;
  return (
    <>
      <p>
        {d.invitedBy} invited <strong>{d.email}</strong> to the Latchkey console of{' '}
        <strong>{d.accountName}</strong> as <strong>{roleText[d.role]}</strong>. The invitation expires on{' '}
        {new Date(d.expiresAt).toLocaleString()}.
      </p>
      {d.role === 'backup_login' && (
        <p>
          As the backup login you can sign in with this email and password even when the company&apos;s
          identity provider is down.
        </p>
      )}
      {d.ssoRequired && (
        <Alert kind="info">
          Single sign-on is active for {d.accountName} and your email is in one of its domains: after setting
          the password, you sign in with SSO like everyone.
        </Alert>
      )}
      <AcceptForm token={token} details={d} />
    </>
  );
}

export function AcceptInvitationPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const [token] = useState(tokenFromUrl);
  return (
    <main className="signed-out" id="content">
      <div className="card narrow">
        <h1 ref={heading} tabIndex={-1}>
          Accept your invitation
        </h1>
        {token ? (
          <Invitation token={token} />
        ) : (
          <Alert kind="error">
            This page needs the whole invitation link (with the part after #): open the link you were given
            again.
          </Alert>
        )}
      </div>
    </main>
  );
}
