// The sign-up form: company name, the owner's name, email and password. The
// new owner is signed in straight after, and lands on the IdP Integration.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { useSwitchWorkspace } from '../api/use-workspace.ts';
import { Alert, Button } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

const signUpFields = ['name', 'ownerName', 'ownerEmail', 'ownerPassword'] as const;

interface NewAccount {
  name: string;
  ownerName: string;
  email: string;
  password: string;
}

/** Creates the account, then signs its owner in. */
function useSignUp({ name, ownerName, email, password }: NewAccount) {
  const switchTo = useSwitchWorkspace();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async () => {
      const created = await api.post<{ accountId: string }>('/api/console/signup', {
        name,
        ownerEmail: email,
        ownerPassword: password,
        ...(ownerName.trim() && { ownerName }),
      });
      // Into the new account only: its configurator is the next step.
      await api.post('/api/console/login', { email, password, accountId: created.accountId });
      return created.accountId;
    },
    onSuccess: (accountId) => {
      switchTo(accountId);
      void navigate('/integration');
    },
  });
}

export function SignUpForm() {
  const [name, setName] = useState('');
  const [ownerName, setOwnerName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signUp = useSignUp({ name, ownerName, email, password });
  const errors = useFormErrors(signUp.error, signUpFields);
  return (
    <ServerForm errors={errors.fields} onSubmit={() => signUp.mutate()}>
      <TextInput
        name="name"
        label="Company name"
        value={name}
        onChange={setName}
        isRequired
        autoComplete="organization"
      />
      <TextInput
        name="ownerName"
        label="Your name"
        value={ownerName}
        onChange={setOwnerName}
        autoComplete="name"
      />
      <TextInput
        name="ownerEmail"
        label="Work email"
        type="email"
        value={email}
        onChange={setEmail}
        isRequired
        autoComplete="email"
      />
      <TextInput
        name="ownerPassword"
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        isRequired
        autoComplete="new-password"
        description="At least 12 characters."
      />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      <div className="actions">
        <Button type="submit" variant="primary" isDisabled={signUp.isPending}>
          Create account
        </Button>
      </div>
    </ServerForm>
  );
}
