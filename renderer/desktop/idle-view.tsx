// The dialogs between activations: Account & License without a license, Sign in,
// Business Edition, Enter Enterprise Key and the SSO email prompt. A plain function,
// not a component, so each dialog keeps its place in App's tree.
import type { ReactElement } from 'react';
import type { DesktopApi } from '../../common/desktop-api.ts';
import { isManaged, type EffectivePolicy, type SsoPrompt } from '../../common/desktop-policy.ts';
import { About } from './dialogs/About.tsx';
import { AccountLicense, type Allowed } from './dialogs/AccountLicense.tsx';
import { BusinessEdition, SignIn } from './dialogs/Choices.tsx';
import { EmailPrompt } from './dialogs/EmailPrompt.tsx';
import { EnterpriseKey } from './dialogs/EnterpriseKey.tsx';
import type { KeyForm, Screen } from './screens.ts';

export interface IdleContext {
  api: DesktopApi;
  run: (call: Promise<unknown>) => Promise<boolean>;
  /** Why the service turned the last key down, if it did. */
  notice: string | undefined;
  setScreen: (screen: Screen) => void;
  keyForm: KeyForm;
  setKeyForm: (form: KeyForm) => void;
  email: string;
  startSso: (address: string) => void;
  /** Sign in on another device: whether the email's account allows it, and the start. */
  otherDevice: { allows: (email: string) => Promise<boolean>; start: (email: string) => void };
  policy: EffectivePolicy | null;
  allowed: Allowed;
  /** The SSO step the app opened by itself, while it is on screen. */
  prompt: SsoPrompt | null;
  /** Leaves that step: Cancel (at start) or Back. */
  leavePrompt: () => void;
  /** The user cancelled the step opened at start. */
  cancelled: boolean;
  /** Counts prompts, so a new one refills the email field. */
  promptCount: number;
}

/** A value the organisation set, or null. */
function managed(policy: EffectivePolicy | null, key: 'Email'): string | null {
  const entry = policy?.values[key];
  return entry && isManaged(entry) ? entry.value : null;
}

export function idleView(screen: Screen, context: IdleContext): ReactElement {
  const { api, run, setScreen } = context;
  const back = () => setScreen('account');
  // Leaving a key the service turned down: the core forgets why, so a reload opens where the user went.
  const leaveKey = (to: Screen) => {
    setScreen(to);
    if (context.notice) void run(api.dismissFailure());
  };
  const methods = context.allowed.methods;
  const onAbout = () => setScreen('about');
  switch (screen) {
    case 'about':
      return <About policy={context.policy} onClose={back} />;
    case 'sign-in':
      return (
        <SignIn
          methods={methods}
          onSso={() => setScreen('email')}
          onKey={() => setScreen('key')}
          onBack={back}
        />
      );
    case 'business':
      return (
        <BusinessEdition
          methods={methods}
          onSso={() => setScreen('email')}
          onKey={() => setScreen('key')}
          onBack={back}
        />
      );
    case 'key':
      return (
        <EnterpriseKey
          initial={context.keyForm}
          notice={context.notice}
          onActivate={(key, address) => {
            context.setKeyForm({ licenseKey: key, email: address });
            void run(api.activateWithKey(key, address));
          }}
          onSso={() => leaveKey('email')}
          onBack={() => leaveKey('account')}
        />
      );
    case 'email': {
      const prompt = context.prompt;
      const managedEmail = managed(context.policy, 'Email');
      return (
        <EmailPrompt
          key={context.promptCount}
          initial={prompt?.email ?? managedEmail ?? context.email}
          locked={prompt ? prompt.emailLocked : managedEmail !== null}
          domain={context.policy?.values.EmailDomain.value}
          note={prompt?.note}
          cancel={prompt?.reason === 'activate-at-start'}
          onNext={context.startSso}
          otherDevice={context.otherDevice}
          onBack={prompt ? context.leavePrompt : back}
        />
      );
    }
    case 'account':
      return (
        <AccountLicense
          license={null}
          allowed={context.allowed}
          cancelled={context.cancelled}
          onAbout={onAbout}
          onSignIn={() => setScreen('sign-in')}
          onSso={() => setScreen('email')}
          onBusiness={() => setScreen('business')}
        />
      );
  }
}
