// The dialog for an activation under way, done or failed: the core's phase decides it.
// A plain function, not a component, so each dialog keeps its place in App's tree
// (Account & License stays mounted when the license goes and the idle one shows).
import type { ReactElement } from 'react';
import type { ActivationState, DesktopApi, FailureView } from '../../common/desktop-api.ts';
import type { Allowed } from './dialogs/AccountLicense.tsx';
import { Activated } from './dialogs/Activated.tsx';
import { DeviceCode } from './dialogs/DeviceCode.tsx';
import { AccountWithDevices, FailedWithDevices } from './dialogs/with-my-devices.tsx';
import { Waiting } from './dialogs/Waiting.tsx';
import { Working } from './dialogs/Working.tsx';

export interface PhaseActions {
  api: DesktopApi;
  run: (call: Promise<unknown>) => Promise<boolean>;
  justActivated: boolean;
  onActivatedDone: () => void;
  /** Back to the dialog the failed attempt was made from. */
  onRetry: (tried: FailureView['tried']) => void;
  allowed: Allowed;
  onAbout: () => void;
}

export function phaseView(
  state: Exclude<ActivationState, { phase: 'idle' }>,
  actions: PhaseActions,
): ReactElement {
  const { api, run } = actions;
  switch (state.phase) {
    case 'waiting-for-browser':
      if (state.deviceCode)
        return (
          <DeviceCode email={state.email} prompt={state.deviceCode} onCancel={() => void run(api.cancel())} />
        );
      return (
        <Waiting
          email={state.email}
          authorizationUrl={state.authorizationUrl}
          onCancel={() => void run(api.cancel())}
          onReopen={() => void run(api.reopenBrowser())}
        />
      );
    case 'exchanging':
      return <Working email={state.email} />;
    case 'activating':
      return (
        <Working
          email={state.email}
          {...(state.approval && { approval: state.approval, onStopWaiting: () => void run(api.cancel()) })}
        />
      );
    case 'failed':
      return (
        <FailedWithDevices
          api={api}
          failure={state.failure}
          onRetry={() => actions.onRetry(state.failure.tried)}
          onClose={() => void run(api.dismissFailure())}
        />
      );
    case 'activated':
      return actions.justActivated ? (
        <Activated license={state.license} onDone={actions.onActivatedDone} />
      ) : (
        <AccountWithDevices
          api={api}
          license={state.license}
          allowed={actions.allowed}
          onAbout={actions.onAbout}
          onCheckIn={() => run(api.checkIn())}
          onDeactivate={() => void run(api.deactivate())}
        />
      );
  }
}
