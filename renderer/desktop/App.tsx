// The Account & License window: shows whatever the core's state machine is
// in, and between activations lets the user pick a way to activate.
import { useEffect, useRef, useState } from 'react';
import type { ActivationState, DesktopApi } from '../../common/desktop-api.ts';
import { AccountLicense } from './dialogs/AccountLicense.tsx';
import { Activated } from './dialogs/Activated.tsx';
import { BusinessEdition, SignIn } from './dialogs/Choices.tsx';
import { EmailPrompt } from './dialogs/EmailPrompt.tsx';
import { EnterpriseKey } from './dialogs/EnterpriseKey.tsx';
import { Failed } from './dialogs/Failed.tsx';
import { Waiting } from './dialogs/Waiting.tsx';
import { Working } from './dialogs/Working.tsx';

type Screen = 'account' | 'sign-in' | 'business' | 'key' | 'email';

export function App(props: { api: DesktopApi }) {
  const { api } = props;
  const [state, setState] = useState<ActivationState | null>(null);
  const [screen, setScreen] = useState<Screen>('account');
  const [email, setEmail] = useState('');
  const [keyForm, setKeyForm] = useState({ licenseKey: '', email: '' });
  const [justActivated, setJustActivated] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const previous = useRef<ActivationState['phase'] | null>(null);

  useEffect(() => {
    const show = (next: ActivationState) => {
      // "Activated" is shown once, right after an activation; later it is Account & License.
      if (next.phase === 'activated' && previous.current === 'activating') setJustActivated(true);
      if (next.phase !== 'idle') setScreen('account');
      // The service turned the key down: back to the key, with why.
      else if (next.notice) setScreen('key');
      previous.current = next.phase;
      setState(next);
    };
    const off = api.onState(show);
    void api.getState().then(show);
    return off;
  }, [api]);

  /** Calls the core; what it refuses shows in the banner. True when the call went through. */
  const run = (call: Promise<unknown>): Promise<boolean> => {
    setProblem(null);
    return call.then(
      () => true,
      (err: unknown) => {
        setProblem(err instanceof Error ? err.message : String(err));
        return false;
      },
    );
  };
  const startSso = (address: string) => {
    setEmail(address);
    void run(api.startSso(address));
  };

  return (
    <main>
      {problem && (
        <p className="banner" role="alert">
          {problem}
        </p>
      )}
      {view()}
    </main>
  );

  function view() {
    if (!state) return <p role="status">Loading…</p>;
    switch (state.phase) {
      case 'waiting-for-browser':
        return (
          <Waiting
            email={state.email}
            authorizationUrl={state.authorizationUrl}
            onCancel={() => void run(api.cancel())}
            onReopen={() => void run(api.reopenBrowser())}
          />
        );
      case 'exchanging':
      case 'activating':
        return <Working email={state.email} />;
      case 'failed':
        return (
          <Failed
            failure={state.failure}
            diagnosticReport={() => api.diagnosticReport()}
            onRetry={() => {
              // Back to the dialog it was tried from, with what was typed (the core keeps it, so a reload does too).
              const tried = state.failure.tried;
              if (tried?.via === 'key') setKeyForm((form) => ({ ...form, email: tried.email }));
              else if (tried) setEmail(tried.email);
              void run(api.dismissFailure());
              setScreen(tried?.via === 'key' ? 'key' : 'email');
            }}
            onClose={() => void run(api.dismissFailure())}
          />
        );
      case 'activated':
        return justActivated ? (
          <Activated license={state.license} onDone={() => setJustActivated(false)} />
        ) : (
          <AccountLicense
            license={state.license}
            onCheckIn={() => run(api.checkIn())}
            onDeactivate={() => void run(api.deactivate())}
          />
        );
      case 'idle':
        return idleScreen();
    }
  }

  function idleScreen() {
    const back = () => setScreen('account');
    // Leaving a key the service turned down: the core forgets why, so a reload opens where the user went.
    const leaveKey = (to: Screen) => {
      setScreen(to);
      if (state?.phase === 'idle' && state.notice) void run(api.dismissFailure());
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
            initial={keyForm}
            notice={state?.phase === 'idle' ? state.notice : undefined}
            onActivate={(key, address) => {
              setKeyForm({ licenseKey: key, email: address });
              void run(api.activateWithKey(key, address));
            }}
            onSso={() => leaveKey('email')}
            onBack={() => leaveKey('account')}
          />
        );
      case 'email':
        return <EmailPrompt initial={email} onNext={startSso} onBack={back} />;
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
}
