// Sign in with email + password: the account owner until SSO is active, the
// backup login after; a picker when the email belongs to several accounts.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ConsoleApiError } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { Alert, Button } from '../components/bits.tsx';
import { Picker, TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

const loginFields = ['email', 'password', 'accountId'] as const;

interface Credentials {
  email: string;
  password: string;
  accountId: string | null;
}

/** The login call, and what its error means for the form. */
function usePasswordLogin(credentials: Credentials) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const { email, password, accountId } = credentials;
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
  return { login, errorCode: error?.code, errors, accounts };
}

function SsoRequired() {
  return (
    <Alert kind="warning">
      This account signs in with single sign-on. Use <strong>Continue with SSO</strong> below with your work
      email. If your identity provider is down, the account&apos;s backup login can still sign in here with
      its password.
    </Alert>
  );
}

export function PasswordSignIn() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [accountId, setAccountId] = useState<string | null>(null);
  const { login, errorCode, errors, accounts } = usePasswordLogin({ email, password, accountId });
  return (
    <ServerForm errors={errors.fields} onSubmit={() => login.mutate()}>
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
      {errorCode === 'sso_required' && <SsoRequired />}
      {errorCode === 'user_deactivated' && <Alert kind="error">This user is deactivated.</Alert>}
      <div className="actions">
        <Button type="submit" variant="primary" isDisabled={login.isPending}>
          Sign in
        </Button>
      </div>
      <p className="description">
        The account owner and invited admins sign in with a password until SSO is active; after that, the
        backup login and invited admins from outside your verified domains do.
      </p>
    </ServerForm>
  );
}
