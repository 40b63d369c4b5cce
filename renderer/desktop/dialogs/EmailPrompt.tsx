// Continue with SSO: the work email decides which company's sign-in opens.
import { useState, type FormEvent } from 'react';
import { emailProblem } from '../../../common/activation-input.ts';
import { Actions, BackButton, DefaultButton, Dialog, PlainButton } from './Dialog.tsx';
import { ManagedNote } from './ManagedNote.tsx';
import { TextField } from './TextField.tsx';

export function EmailPrompt(props: {
  initial: string;
  onNext: (email: string) => void;
  onBack: () => void;
  /** The organisation set the email (managed Email): shown, not editable. */
  locked?: boolean;
  /** The organisation's EmailDomain, for the example address. */
  domain?: string | null;
  /** Why the email is not the invitation link's (a managed Email or EmailDomain won). */
  note?: string | null;
  /** Opened by the app itself (ActivateAtStart): Cancel instead of Back. */
  cancel?: boolean;
}) {
  const [email, setEmail] = useState(props.initial);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = emailProblem(email);
    setProblem(found);
    if (!found) props.onNext(email.trim());
  };
  return (
    <Dialog title="Continue with SSO" name="email-prompt" onEscape={props.onBack}>
      <form onSubmit={submit} noValidate>
        <p>Enter your work email. Your company's sign-in page opens in your browser.</p>
        {props.note && (
          <p className="note" role="note">
            {props.note}
          </p>
        )}
        <TextField
          label="Work email"
          type="email"
          autoComplete="email"
          placeholder={`name@${props.domain ?? 'company.com'}`}
          value={email}
          onChange={setEmail}
          problem={problem}
          autoFocus={!props.locked}
          readOnly={props.locked}
        />
        {props.locked && <ManagedNote />}
        <Actions>
          {props.cancel ? (
            <PlainButton onClick={props.onBack}>Cancel</PlainButton>
          ) : (
            <BackButton onBack={props.onBack} />
          )}
          <DefaultButton submit>Next</DefaultButton>
        </Actions>
      </form>
    </Dialog>
  );
}
