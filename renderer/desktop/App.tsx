// The Account & License window: shows whatever the core's state machine is
// in, and between activations lets the user pick a way to activate.
import { useMemo, useState } from 'react';
import type { DesktopApi, FailureView } from '../../common/desktop-api.ts';
import type { SsoPrompt } from '../../common/desktop-policy.ts';
import type { Allowed } from './dialogs/AccountLicense.tsx';
import { idleView } from './idle-view.tsx';
import { phaseView } from './phase-view.tsx';
import type { KeyForm } from './screens.ts';
import { useCoreCall } from './use-core-call.ts';
import { useCoreState } from './use-core-state.ts';
import { usePolicy } from './use-policy.ts';

export function App(props: { api: DesktopApi }) {
  const { api } = props;
  const { state, screen, setScreen, justActivated, setJustActivated } = useCoreState(api);
  const { problem, run } = useCoreCall();
  const [email, setEmail] = useState('');
  const [keyForm, setKeyForm] = useState<KeyForm>({ licenseKey: '', email: '' });
  // The SSO step the app opened by itself (ActivateAtStart, an invitation's link): filled in, never sent.
  const [prompt, setPrompt] = useState<SsoPrompt | null>(null);
  const [promptCount, setPromptCount] = useState(0);
  const [cancelled, setCancelled] = useState(false);
  const policy = usePolicy(api, (next) => {
    setPrompt(next);
    setPromptCount((n) => n + 1);
    setCancelled(false);
    setScreen('email');
  });
  const allowed: Allowed = {
    methods: policy?.values.ActivationMethods.value ?? 'both',
    deactivate: policy?.values.AllowDeactivate.value ?? true,
  };
  const leavePrompt = () => {
    setCancelled(prompt?.reason === 'activate-at-start');
    setPrompt(null);
    setScreen('account');
  };

  const startSso = (address: string) => {
    setEmail(address);
    setPrompt(null);
    void run(api.startSso(address));
  };
  const otherDevice = useMemo(
    () => ({
      allows: (address: string) => api.deviceCodeAllowed(address),
      start: (address: string) => {
        setEmail(address);
        setPrompt(null);
        void run(api.startDeviceCode(address));
      },
    }),
    [api], // run only sets the banner: a stale one is the same
  );
  // Back to the dialog it was tried from, with what was typed (the core keeps it, so a reload does too).
  const retry = (tried: FailureView['tried']) => {
    if (tried?.via === 'key') setKeyForm((form) => ({ ...form, email: tried.email }));
    else if (tried) setEmail(tried.email);
    void run(api.dismissFailure());
    setScreen(tried?.via === 'key' ? 'key' : 'email');
  };

  const idle = () => ({
    api,
    run,
    notice: state?.phase === 'idle' ? state.notice : undefined,
    setScreen,
    keyForm,
    setKeyForm,
    email,
    startSso,
    otherDevice,
    policy,
    allowed,
    prompt,
    leavePrompt,
    cancelled,
    promptCount,
  });

  const view = () => {
    if (!state) return <p role="status">Loading…</p>;
    if (state.phase !== 'idle') {
      const onActivatedDone = () => setJustActivated(false);
      const onAbout = () => setScreen('about');
      if (screen === 'about') return idleView(screen, idle());
      return phaseView(state, { api, run, justActivated, onActivatedDone, onRetry: retry, allowed, onAbout });
    }
    return idleView(screen, idle());
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
}
