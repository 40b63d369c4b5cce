// The dialogs between activations: Account & License without a license, Sign in,
// Business Edition, Enter Enterprise Key and the SSO email prompt. A plain function,
// not a component, so each dialog keeps its place in App's tree.
import type { ReactElement } from 'react';
import type { DesktopApi } from '../../common/desktop-api.ts';
import { AccountLicense } from './dialogs/AccountLicense.tsx';
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
}

export function idleView(screen: Screen, context: IdleContext): ReactElement {
  const { api, run, setScreen } = context;
  const back = () => setScreen('account');
  // Leaving a key the service turned down: the core forgets why, so a reload opens where the user went.
  const leaveKey = (to: Screen) => {
    setScreen(to);
    if (context.notice) void run(api.dismissFailure());
  };
  switch (screen) {
    case 'sign-in':
      return <SignIn onSso={() => setScreen('email')} onKey={() => setScreen('key')} onBack={back} />;
    case 'business':
      return (
        <BusinessEdition onSso={() => setScreen('email')} onKey={() => setScreen('key')} onBack={back} />
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
    case 'email':
      return <EmailPrompt initial={context.email} onNext={context.startSso} onBack={back} />;
    case 'account':
      return (
        <AccountLicense
          license={null}
          onSignIn={() => setScreen('sign-in')}
          onSso={() => setScreen('email')}
          onBusiness={() => setScreen('business')}
        />
      );
  }
}
