// Sign up: a new business account and its owner (email + password). The
// owner is signed in straight after, and lands on the IdP Integration.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { Alert, Button } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

const signUpFields = ['name', 'ownerName', 'ownerEmail', 'ownerPassword'] as const;

export function SignUpPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [ownerName, setOwnerName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const signUp = useMutation({
    mutationFn: async () => {
      await api.post('/api/console/signup', {
        name,
        ownerEmail: email,
        ownerPassword: password,
        ...(ownerName.trim() && { ownerName }),
      });
      await api.post('/api/console/login', { email, password });
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.me });
      void navigate('/integration');
    },
  });
  const errors = useFormErrors(signUp.error, signUpFields);

  return (
    <main className="signed-out" id="content">
      <div className="card narrow">
        <h1 ref={heading} tabIndex={-1}>
          Create a business account
        </h1>
        <ServerForm
          errors={errors.fields}
          onSubmit={() => {
            signUp.mutate();
          }}
        >
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
        <p>
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </p>
      </div>
    </main>
  );
}
