// The Account & License window: shows whatever the core's state machine is
// in, and between activations lets the user pick a way to activate.
import { useState } from 'react';
import type { DesktopApi, FailureView } from '../../common/desktop-api.ts';
import { idleView } from './idle-view.tsx';
import { phaseView } from './phase-view.tsx';
import type { KeyForm } from './screens.ts';
import { useCoreCall } from './use-core-call.ts';
import { useCoreState } from './use-core-state.ts';

export function App(props: { api: DesktopApi }) {
  const { api } = props;
  const { state, screen, setScreen, justActivated, setJustActivated } = useCoreState(api);
  const { problem, run } = useCoreCall();
  const [email, setEmail] = useState('');
  const [keyForm, setKeyForm] = useState<KeyForm>({ licenseKey: '', email: '' });

  const startSso = (address: string) => {
    setEmail(address);
    void run(api.startSso(address));
  };
  // Back to the dialog it was tried from, with what was typed (the core keeps it, so a reload does too).
  const retry = (tried: FailureView['tried']) => {
    if (tried?.via === 'key') setKeyForm((form) => ({ ...form, email: tried.email }));
    else if (tried) setEmail(tried.email);
    void run(api.dismissFailure());
    setScreen(tried?.via === 'key' ? 'key' : 'email');
  };

  const view = () => {
    if (!state) return <p role="status">Loading…</p>;
    if (state.phase !== 'idle') {
      const onActivatedDone = () => setJustActivated(false);
      return phaseView(state, { api, run, justActivated, onActivatedDone, onRetry: retry });
    }
    const notice = state.notice;
    return idleView(screen, { api, run, notice, setScreen, keyForm, setKeyForm, email, startSso });
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
