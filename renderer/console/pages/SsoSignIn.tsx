// Continue with SSO: a button that opens the work-email form; submitting it
// sends the browser on to the company IdP (members of the admins group). With
// add, the sign-in's account joins this browser's session as a workspace.
import { useState } from 'react';
import { Button } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';

export function SsoSignIn({ add = false }: { add?: boolean }) {
  const [ssoOpen, setSsoOpen] = useState(false);
  const [ssoEmail, setSsoEmail] = useState('');
  if (!ssoOpen) return <Button onPress={() => setSsoOpen(true)}>Continue with SSO</Button>;
  return (
    <ServerForm
      errors={{}}
      onSubmit={() => {
        // A top-level navigation: the service sends the browser on to the company IdP.
        window.location.assign(
          `/api/console/sso/start?email=${encodeURIComponent(ssoEmail.trim())}${add ? '&add=1' : ''}`,
        );
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
  );
}
