// The private-use scheme redirect (RFC 8252 §7.1): the OS opens the app with
// `com.latchkey.desktop:/callback?…` (Electron's open-url / second-instance),
// and the shell hands that URL to `deliver`. Anything else is ignored.
import { desktopScheme } from '../../../common/desktop-api.ts';
import { waitForCallback, type CallbackReceiver } from './callback-receiver.ts';

export interface SchemeCallback extends CallbackReceiver {
  /** Returns false when the URL is not this app's callback. */
  deliver(url: string): boolean;
}

export const schemeRedirectUri = `${desktopScheme}:/callback`;

export function startSchemeCallback(): SchemeCallback {
  let resolve: (url: URL) => void = () => undefined;
  const received = new Promise<URL>((r) => (resolve = r));
  let open = true;
  const close = () => {
    open = false;
  };
  return {
    redirectUri: schemeRedirectUri,
    close,
    wait: (timeoutMs, signal) => waitForCallback(received, timeoutMs, signal, close),
    deliver(raw) {
      if (!open || !URL.canParse(raw)) return false;
      const url = new URL(raw);
      if (url.protocol !== `${desktopScheme}:` || url.pathname.replace(/^\/+/, '/') !== '/callback')
        return false;
      resolve(url);
      return true;
    },
  };
}
