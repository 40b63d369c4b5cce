// Sign in and Business Edition: two doors to the same two ways of activating,
// each leading with the one its users came for.
import { Actions, BackButton, Dialog } from './Dialog.tsx';

interface ChoiceProps {
  onSso: () => void;
  onKey: () => void;
  onBack: () => void;
}

function ActivationChoice(
  props: ChoiceProps & { title: string; name: string; text: string; lead: 'sso' | 'key' },
) {
  const sso = (
    <button type="button" className={props.lead === 'sso' ? undefined : 'secondary'} onClick={props.onSso}>
      Continue with SSO
    </button>
  );
  const key = (
    <button type="button" className={props.lead === 'key' ? undefined : 'secondary'} onClick={props.onKey}>
      Enter Enterprise Key…
    </button>
  );
  return (
    <Dialog title={props.title} name={props.name}>
      <p>{props.text}</p>
      <Actions>
        {props.lead === 'sso' ? (
          <>
            {sso}
            {key}
          </>
        ) : (
          <>
            {key}
            {sso}
          </>
        )}
        <BackButton onBack={props.onBack} />
      </Actions>
    </Dialog>
  );
}

export const SignIn = (props: ChoiceProps) => (
  <ActivationChoice
    {...props}
    title="Sign in"
    name="sign-in"
    lead="sso"
    text="Sign in with your work account to use the license your company provides."
  />
);

export const BusinessEdition = (props: ChoiceProps) => (
  <ActivationChoice
    {...props}
    title="Business Edition"
    name="business-edition"
    lead="key"
    text="Your company manages Latchkey licenses. Activate with your work login (single sign-on), or with the enterprise key your IT team gave you."
  />
);
