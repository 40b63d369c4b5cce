// Sign in with email + password: the account owner until SSO is active, the
// backup login after. Every account this email and password open becomes a
// workspace of the session; "Add a business account" (add) keeps the session
// and adds to it.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ConsoleApiError } from '../api/client.ts';
import { useSwitchWorkspace } from '../api/use-workspace.ts';
import { Alert, Button } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

const loginFields = ['email', 'password'] as const;

/** The login call, and what its error means for the form. */
function usePasswordLogin(email: string, password: string, add: boolean) {
  const switchTo = useSwitchWorkspace();
  const navigate = useNavigate();
  const login = useMutation({
    mutationFn: () =>
      api.post<{ accountIds: string[] }>('/api/console/login', {
        email,
        password,
        ...(add && { addWorkspace: true }),
      }),
    onSuccess: ({ accountIds }) => {
      // The tab shows the (first) account this sign-in opened, with nothing cached from before.
      switchTo(accountIds[0] ?? null);
      void navigate('/dashboard');
    },
  });
  const error = login.error instanceof ConsoleApiError ? login.error : undefined;
  const errors = useFormErrors(error?.code === 'sso_required' ? undefined : login.error, loginFields);
  return { login, errorCode: error?.code, errors };
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

export function PasswordSignIn({ add = false }: { add?: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { login, errorCode, errors } = usePasswordLogin(email, password, add);
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
