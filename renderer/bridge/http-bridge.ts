// DesktopApi over the webshell's local HTTP bridge: calls are POSTs, state
// changes arrive as server-sent events. The webshell has no system browser of
// its own to hand, so when the core asks for one the page opens a new tab.
import type { ActivationState, DesktopApi } from '../../common/desktop-api.ts';

export class BridgeError extends Error {
  override name = 'BridgeError';
}

export function httpBridge(origin: string): DesktopApi {
  async function call<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${origin}/bridge/${path}`, {
      method: body === undefined && path === 'state' ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', 'x-latchkey-bridge': '1' },
      body: body === undefined ? (path === 'state' ? undefined : '{}') : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as { error?: { message?: string } }) : {};
    if (!response.ok) throw new BridgeError(parsed.error?.message ?? `the app answered ${response.status}`);
    return parsed as T;
  }

  return {
    getState: () => call<ActivationState>('state'),
    startSso: (email) => call('sso', { email }),
    cancel: () => call('cancel'),
    reopenBrowser: () => call('reopen-browser'),
    activateWithKey: (licenseKey, email) => call('key', { licenseKey, email }),
    checkIn: () => call('check-in'),
    deactivate: () => call('deactivate'),
    dismissFailure: () => call('dismiss'),
    diagnosticReport: async () => (await call<{ report: string }>('diagnostics')).report,
    onState(listener) {
      const events = new EventSource(`${origin}/bridge/events`);
      events.addEventListener('state', (e) => listener(JSON.parse((e as MessageEvent<string>).data)));
      events.addEventListener('open-browser', (e) => {
        window.open((e as MessageEvent<string>).data, '_blank', 'noopener');
      });
      return () => events.close();
    },
  };
}
