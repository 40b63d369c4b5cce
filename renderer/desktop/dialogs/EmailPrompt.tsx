// Continue with SSO: the work email decides which company's sign-in opens.
import { useEffect, useState, type FormEvent } from 'react';
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
  /**
   * Sign in on another device (RFC 8628), offered only where the typed email's account allows it
   * (`allowsOtherDevice` asks SSO discovery).
   */
  otherDevice?: { allows: (email: string) => Promise<boolean>; start: (email: string) => void };
  /** Opened by the app itself (ActivateAtStart): Cancel instead of Back. */
  cancel?: boolean;
}) {
  const [email, setEmail] = useState(props.initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [otherDevice, setOtherDevice] = useState(false);
  const allows = props.otherDevice?.allows;
  useEffect(() => {
    // Asked once the address looks whole, after a pause in typing; a stale answer is dropped.
    setOtherDevice(false);
    if (!allows || emailProblem(email)) return;
    let live = true;
    const timer = setTimeout(
      () =>
        void allows(email.trim()).then((yes) => {
          if (live) setOtherDevice(yes);
        }),
      300,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [email, allows]);
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
        <Actions
          extra={
            otherDevice &&
            props.otherDevice && (
              <PlainButton onClick={() => props.otherDevice?.start(email.trim())}>
                Sign in on another device
              </PlainButton>
            )
          }
        >
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
