// The app's way to the service in Electron: net.fetch on the default session
// (Session.fetch).
// Chosen over resolving the proxy and tunnelling from Node because the session
// is what the OS configured — system proxy settings, PAC/WPAD, a managed PAC
// URL (setProxy below), proxy authentication through the OS (NTLM/Kerberos),
// and Chromium's certificate verifier with the OS's trust store, so a company's
// inspecting CA works as it does in the browser. resolveProxy answers which
// proxy that is, for the diagnostic report and the error's detail.
// Loopback: Chromium bypasses 127.0.0.1, [::1] and localhost implicitly; no
// bypass list here ever contains "<-loopback>", which would undo that.
import { session, type Session } from 'electron';
import { failureFromChromium } from '../core/network/chromium-failure.ts';
import type { ServiceNetwork } from '../core/network/service-fetch.ts';

/** A PAC URL from the organisation's policy (policy25's managed settings) replaces the system's. */
export async function applyManagedProxy(
  proxy: { pacUrl?: string } | undefined,
  ses: Session = session.defaultSession,
): Promise<void> {
  if (proxy?.pacUrl) await ses.setProxy({ mode: 'pac_script', pacScript: proxy.pacUrl });
}

export function sessionNetwork(ses: Session = session.defaultSession, pacUrl?: string): ServiceNetwork {
  return {
    async fetch(url, init) {
      try {
        return await ses.fetch(url, init);
      } catch (err) {
        const proxy = await ses.resolveProxy(url).catch(() => 'DIRECT');
        throw failureFromChromium(err, url, proxy) ?? err;
      }
    },
    async routeFor(url) {
      return {
        proxy: await ses.resolveProxy(url),
        via: pacUrl ? `the managed PAC file ${pacUrl}` : "the system's proxy settings (Chromium)",
        caSource: "the operating system's store (Chromium)",
      };
    },
  };
}
