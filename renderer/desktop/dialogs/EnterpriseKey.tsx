// Enter Enterprise Key: activation with the key IT handed out (and the user's
// email, since seats count people), or Continue with SSO instead.
import { useState, type FormEvent } from 'react';
import { emailProblem, licenseKeyFormat, licenseKeyProblem } from '../../../common/activation-input.ts';
import { Actions, BackButton, DefaultButton, Dialog, PlainButton } from './Dialog.tsx';
import { TextField } from './TextField.tsx';

export function EnterpriseKey(props: {
  /** What was typed last time (the service turned the key down: fix it, not retype it). */
  initial: { licenseKey: string; email: string };
  /** Why the service turned the last key down. */
  notice?: string;
  onActivate: (licenseKey: string, email: string) => void;
  onSso: () => void;
  onBack: () => void;
}) {
  const [key, setKey] = useState(props.initial.licenseKey);
  const [email, setEmail] = useState(props.initial.email);
  const [problems, setProblems] = useState<{ key: string | null; email: string | null }>({
    key: null,
    email: null,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = { key: licenseKeyProblem(key), email: emailProblem(email) };
    setProblems(found);
    if (!found.key && !found.email) props.onActivate(key.trim().toUpperCase(), email.trim());
  };
  return (
    <Dialog title="Enter Enterprise Key" name="enterprise-key" onEscape={props.onBack}>
      <form onSubmit={submit} noValidate>
        {props.notice && (
          <p className="problem" role="alert">
            {props.notice}
          </p>
        )}
        <TextField
          label="Enterprise key"
          placeholder={licenseKeyFormat}
          value={key}
          onChange={setKey}
          problem={problems.key}
          autoFocus
        />
        <TextField
          label="Work email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
          problem={problems.email}
        />
        <Actions extra={<PlainButton onClick={props.onSso}>Continue with SSO</PlainButton>}>
          <BackButton onBack={props.onBack} />
          <DefaultButton submit>Activate</DefaultButton>
        </Actions>
      </form>
    </Dialog>
  );
}
