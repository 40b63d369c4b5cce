// Sign in: email + password (the account owner, or the backup login once SSO
// is active); Continue with SSO (email first, then the company IdP — for
// members of the admins group); clear words when the account enforces SSO.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ConsoleApiError } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { Alert, Button } from '../components/bits.tsx';
import { Picker, TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

const loginFields = ['email', 'password', 'accountId'] as const;

export function SignInPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [accountId, setAccountId] = useState<string | null>(null);
  const [ssoOpen, setSsoOpen] = useState(false);
  const [ssoEmail, setSsoEmail] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const login = useMutation({
    mutationFn: () => api.post('/api/console/login', { email, password, ...(accountId && { accountId }) }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.me });
      void navigate('/integration');
    },
  });
  const error = login.error instanceof ConsoleApiError ? login.error : undefined;
  const errors = useFormErrors(
    error && ['sso_required', 'account_choice_required'].includes(error.code) ? undefined : login.error,
    loginFields,
  );
  const accounts =
    error?.code === 'account_choice_required' && Array.isArray(error.details)
      ? (error.details as { accountId: string; name: string }[])
      : [];

  return (
    <main className="signed-out" id="content">
      <div className="card narrow">
        <h1 ref={heading} tabIndex={-1}>
          Sign in to the Latchkey console
        </h1>
        <ServerForm
          errors={errors.fields}
          onSubmit={() => {
            login.mutate();
          }}
        >
          <TextInput
            name="email"
            label="Email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            isRequired
          />
          <TextInput
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            isRequired
          />
          {accounts.length > 0 && (
            <Picker
              name="accountId"
              label="Account"
              description="This email belongs to several accounts: pick the one to sign in to."
              choices={accounts.map((a) => ({ id: a.accountId, label: a.name }))}
              selected={accountId}
              onChange={setAccountId}
            />
          )}
          {errors.form && <Alert kind="error">{errors.form}</Alert>}
          {error?.code === 'sso_required' && (
            <Alert kind="warning">
              This account signs in with single sign-on. Use <strong>Continue with SSO</strong> below with
              your work email. If your identity provider is down, the account&apos;s backup login can still
              sign in here with its password.
            </Alert>
          )}
          {error?.code === 'user_deactivated' && <Alert kind="error">This user is deactivated.</Alert>}
          <div className="actions">
            <Button type="submit" variant="primary" isDisabled={login.isPending}>
              Sign in
            </Button>
          </div>
          <p className="description">
            The account owner signs in with a password until SSO is active; after that, only the backup login
            does.
          </p>
        </ServerForm>

        <h2>Single sign-on</h2>
        {!ssoOpen ? (
          <Button onPress={() => setSsoOpen(true)}>Continue with SSO</Button>
        ) : (
          <ServerForm
            errors={{}}
            onSubmit={() => {
              // A top-level navigation: the service sends the browser on to the company IdP.
              window.location.assign(`/api/console/sso/start?email=${encodeURIComponent(ssoEmail.trim())}`);
            }}
          >
            <TextInput
              name="ssoEmail"
              label="Work email"
              type="email"
              autoComplete="email"
              value={ssoEmail}
              onChange={setSsoEmail}
              isRequired
              description="You continue at your company's identity provider. Members of the admins group may sign in."
            />
            <div className="actions">
              <Button type="submit" variant="primary">
                Continue
              </Button>
            </div>
          </ServerForm>
        )}
        <p>
          New to Latchkey? <Link to="/sign-up">Create a business account</Link>
        </p>
      </div>
    </main>
  );
}
