// Sign in and Business Edition: two doors to the same two ways of activating,
// each leading with the one its users came for (the default button).
import { Actions, BackButton, DefaultButton, Dialog, PlainButton } from './Dialog.tsx';

interface ChoiceProps {
  onSso: () => void;
  onKey: () => void;
  onBack: () => void;
  /** The ways the organisation allows (ActivationMethods); the other one is not offered. */
  methods?: 'sso' | 'key' | 'both';
}

function ActivationChoice(
  props: ChoiceProps & { title: string; name: string; text: string; lead: 'sso' | 'key' },
) {
  const ways = {
    sso: ['Continue with SSO', props.onSso],
    key: ['Enter Enterprise Key…', props.onKey],
  } as const;
  const methods = props.methods ?? 'both';
  const leadWay = methods === 'both' ? props.lead : methods;
  const [leadLabel, lead] = ways[leadWay];
  const [otherLabel, other] = ways[leadWay === 'sso' ? 'key' : 'sso'];
  return (
    <Dialog title={props.title} name={props.name} onEscape={props.onBack}>
      <p>{props.text}</p>
      <Actions extra={methods === 'both' && <PlainButton onClick={other}>{otherLabel}</PlainButton>}>
        <BackButton onBack={props.onBack} />
        <DefaultButton onClick={lead}>{leadLabel}</DefaultButton>
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
