// The IPC channels between the preload bridge and the main process: one per
// DesktopApi call, plus the state broadcast. Nothing else crosses.
import type { DesktopApi, DesktopSubscription } from '../../common/desktop-api.ts';

export const stateChannel = 'latchkey:state';
export const policyChannel = 'latchkey:policy';
export const promptChannel = 'latchkey:sso-prompt';

export const callChannels = {
  getState: 'latchkey:get-state',
  startSso: 'latchkey:start-sso',
  startDeviceCode: 'latchkey:start-device-code',
  deviceCodeAllowed: 'latchkey:device-code-allowed',
  cancel: 'latchkey:cancel',
  reopenBrowser: 'latchkey:reopen-browser',
  activateWithKey: 'latchkey:activate-with-key',
  checkIn: 'latchkey:check-in',
  deactivate: 'latchkey:deactivate',
  dismissFailure: 'latchkey:dismiss-failure',
  diagnosticReport: 'latchkey:diagnostic-report',
  getPolicy: 'latchkey:get-policy',
  takeSsoPrompt: 'latchkey:take-sso-prompt',
  listMyDevices: 'latchkey:list-my-devices',
  releaseMyDevice: 'latchkey:release-my-device',
  retryAfterRelease: 'latchkey:retry-after-release',
} as const satisfies Record<Exclude<keyof DesktopApi, DesktopSubscription>, string>;
