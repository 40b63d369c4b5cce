// The webshell's HTTP bridge (main/webshell/bridge-server.ts) as its page
// (renderer/desktop/bridge/http-bridge.ts) calls it: one path per DesktopApi call under
// /bridge/, the header that proves the caller is the bridge's own page, and the
// server-sent events of the state stream.
import type { DesktopApi } from './desktop-api.ts';

export const bridgePrefix = '/bridge/';

/** One path per call; the subscriptions are the event stream. GET for the reads, POST for the rest. */
export const bridgeCalls = {
  getState: 'state',
  startSso: 'sso',
  startDeviceCode: 'device-code',
  deviceCodeAllowed: 'device-code-allowed',
  cancel: 'cancel',
  reopenBrowser: 'reopen-browser',
  activateWithKey: 'key',
  checkIn: 'check-in',
  deactivate: 'deactivate',
  dismissFailure: 'dismiss',
  diagnosticReport: 'diagnostics',
  getPolicy: 'policy',
  takeSsoPrompt: 'take-sso-prompt',
  listMyDevices: 'my-devices',
  releaseMyDevice: 'release-my-device',
  retryAfterRelease: 'retry-after-release',
  onState: 'events',
  // The three subscriptions share the one event stream.
  onPolicy: 'events',
  onSsoPrompt: 'events',
} as const satisfies Record<keyof DesktopApi, string>;

export type BridgeCall = (typeof bridgeCalls)[keyof typeof bridgeCalls];

export const bridgePath = (call: BridgeCall): string => `${bridgePrefix}${call}`;

/**
 * Sent on every POST: a custom header forces a CORS preflight, which the bridge never grants,
 * so only its own page can drive it (Fetch standard, "CORS-safelisted request-header").
 */
export const bridgeHeader = { name: 'x-latchkey-bridge', value: '1' } as const;

/** Event names on the onState stream. */
export const bridgeEvents = {
  state: 'state',
  openBrowser: 'open-browser',
  policy: 'policy',
  ssoPrompt: 'sso-prompt',
} as const;
