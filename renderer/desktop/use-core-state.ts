// The core's state as it arrives, and the dialog it sends the user to.
import { useEffect, useRef, useState } from 'react';
import type { ActivationState, DesktopApi } from '../../common/desktop-api.ts';
import type { Screen } from './screens.ts';

export function useCoreState(api: DesktopApi) {
  const [state, setState] = useState<ActivationState | null>(null);
  const [screen, setScreen] = useState<Screen>('account');
  const [justActivated, setJustActivated] = useState(false);
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

  return { state, screen, setScreen, justActivated, setJustActivated };
}
