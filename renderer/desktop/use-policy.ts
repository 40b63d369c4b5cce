// The managed settings in force, kept current (the app re-reads them while it runs), and
// the SSO step the app opens by itself (ActivateAtStart, an invitation's link), taken once.
import { useEffect, useState } from 'react';
import type { DesktopApi } from '../../common/desktop-api.ts';
import type { EffectivePolicy, SsoPrompt } from '../../common/desktop-policy.ts';

export function usePolicy(api: DesktopApi, onPrompt: (prompt: SsoPrompt) => void) {
  const [policy, setPolicy] = useState<EffectivePolicy | null>(null);
  useEffect(() => {
    const offPolicy = api.onPolicy(setPolicy);
    void api.getPolicy().then(setPolicy);
    const take = () =>
      void api.takeSsoPrompt().then((prompt) => {
        if (prompt) onPrompt(prompt);
      });
    const offPrompt = api.onSsoPrompt(take);
    take();
    return () => {
      offPolicy();
      offPrompt();
    };
    // onPrompt only sets state: subscribing once per bridge is enough.
  }, [api]);
  return policy;
}
