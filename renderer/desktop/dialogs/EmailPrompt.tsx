// Continue with SSO: the work email decides which company's sign-in opens.
import { useState, type FormEvent } from 'react';
import { emailProblem } from '../../../common/activation-input.ts';
import { Actions, BackButton, DefaultButton, Dialog } from './Dialog.tsx';
import { TextField } from './TextField.tsx';

export function EmailPrompt(props: { initial: string; onNext: (email: string) => void; onBack: () => void }) {
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
        <TextField
          label="Work email"
          type="email"
          autoComplete="email"
          placeholder="name@company.com"
          value={email}
          onChange={setEmail}
          problem={problem}
          autoFocus
        />
        <Actions>
          <BackButton onBack={props.onBack} />
          <DefaultButton submit>Next</DefaultButton>
        </Actions>
      </form>
    </Dialog>
  );
}
