// Sign in and Business Edition: two doors to the same two ways of activating.
import { Actions, Dialog } from './Dialog.tsx';

interface ChoiceProps {
  onSso: () => void;
  onKey: () => void;
  onBack: () => void;
}

export function SignIn(props: ChoiceProps) {
  return (
    <Dialog title="Sign in" name="sign-in">
      <p>Sign in with your work account to use the license your company provides.</p>
      <Actions>
        <button type="button" onClick={props.onSso}>
          Continue with SSO
        </button>
        <button type="button" className="secondary" onClick={props.onKey}>
          Enter Enterprise Key…
        </button>
        <button type="button" className="link" onClick={props.onBack}>
          Back
        </button>
      </Actions>
    </Dialog>
  );
}

export function BusinessEdition(props: ChoiceProps) {
  return (
    <Dialog title="Business Edition" name="business-edition">
      <p>
        Your company manages Latchkey licenses. Activate with your work login (single sign-on), or with the
        enterprise key your IT team gave you.
      </p>
      <Actions>
        <button type="button" onClick={props.onKey}>
          Enter Enterprise Key…
        </button>
        <button type="button" className="secondary" onClick={props.onSso}>
          Continue with SSO
        </button>
        <button type="button" className="link" onClick={props.onBack}>
          Back
        </button>
      </Actions>
    </Dialog>
  );
}
