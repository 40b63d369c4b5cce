// DesktopApi over the webshell's local HTTP bridge: calls are POSTs, state
// changes arrive as server-sent events. The webshell has no system browser of
// its own to hand, so when the core asks for one the page opens a new tab.
import type { ActivationState, DesktopApi, MyDevicesResult } from '../../../common/desktop-api.ts';
import type { EffectivePolicy, SsoPrompt } from '../../../common/desktop-policy.ts';
import {
  bridgeCalls,
  bridgeEvents,
  bridgeHeader,
  bridgePath,
  type BridgeCall,
} from '../../../common/webshell-bridge.ts';

export class BridgeError extends Error {
  override name = 'BridgeError';
}

export function httpBridge(origin: string): DesktopApi {
  async function call<T>(path: BridgeCall, body?: unknown): Promise<T> {
    const read = body === undefined && (path === bridgeCalls.getState || path === bridgeCalls.getPolicy);
    const response = await fetch(`${origin}${bridgePath(path)}`, {
      method: read ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', [bridgeHeader.name]: bridgeHeader.value },
      body: read ? undefined : JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as { error?: { message?: string } }) : {};
    if (!response.ok) throw new BridgeError(parsed.error?.message ?? `the app answered ${response.status}`);
    return parsed as T;
  }

  return {
    getState: () => call<ActivationState>(bridgeCalls.getState),
    startSso: (email) => call(bridgeCalls.startSso, { email }),
    startDeviceCode: (email) => call(bridgeCalls.startDeviceCode, { email }),
    deviceCodeAllowed: async (email) =>
      (await call<{ allowed: boolean }>(bridgeCalls.deviceCodeAllowed, { email })).allowed,
    cancel: () => call(bridgeCalls.cancel),
    reopenBrowser: () => call(bridgeCalls.reopenBrowser),
    activateWithKey: (licenseKey, email) => call(bridgeCalls.activateWithKey, { licenseKey, email }),
    checkIn: () => call(bridgeCalls.checkIn),
    deactivate: () => call(bridgeCalls.deactivate),
    dismissFailure: () => call(bridgeCalls.dismissFailure),
    diagnosticReport: async () => (await call<{ report: string }>(bridgeCalls.diagnosticReport)).report,
    getPolicy: () => call<EffectivePolicy>(bridgeCalls.getPolicy),
    takeSsoPrompt: async () => (await call<{ prompt: SsoPrompt | null }>(bridgeCalls.takeSsoPrompt)).prompt,
    onPolicy(listener) {
      const events = new EventSource(`${origin}${bridgePath(bridgeCalls.onPolicy)}`);
      events.addEventListener(bridgeEvents.policy, (e) =>
        listener(JSON.parse((e as MessageEvent<string>).data)),
      );
      return () => events.close();
    },
    onSsoPrompt(listener) {
      const events = new EventSource(`${origin}${bridgePath(bridgeCalls.onSsoPrompt)}`);
      events.addEventListener(bridgeEvents.ssoPrompt, () => listener());
      return () => events.close();
    },
    listMyDevices: (email) => call<MyDevicesResult>(bridgeCalls.listMyDevices, { email }),
    releaseMyDevice: (activationId) => call<MyDevicesResult>(bridgeCalls.releaseMyDevice, { activationId }),
    retryAfterRelease: () => call(bridgeCalls.retryAfterRelease),
    onState(listener) {
      const events = new EventSource(`${origin}${bridgePath(bridgeCalls.onState)}`);
      events.addEventListener(bridgeEvents.state, (e) =>
        listener(JSON.parse((e as MessageEvent<string>).data)),
      );
      events.addEventListener(bridgeEvents.openBrowser, (e) => {
        window.open((e as MessageEvent<string>).data, '_blank', 'noopener');
      });
      return () => events.close();
    },
  };
}
