// The thin Electron shell: one instance, the private-use scheme registered,
// the menu, the window, the bridge — and the activation core doing the work.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, ipcMain, Menu, session, shell, type BrowserWindow } from 'electron';
import { desktopScheme } from '../../common/desktop-api.ts';
import type { ActivationEngine } from '../core/activation/activation-engine.ts';
import { callbackFor } from '../core/oauth/callback-choice.ts';
import { applyManagedProxy, sessionNetwork } from './session-network.ts';
import { createDesktopSession, type DesktopSession } from '../core/desktop-session.ts';
import { activationLinkIn, activationScheme } from '../core/policy/activation-link.ts';
import { createAccountWindow } from './account-window.ts';
import { registerActivationIpc } from './activation-ipc.ts';
import { buildAppMenu } from './app-menu.ts';
import { hardenSession, refuseWebviews } from './hardening.ts';
import { policyChannel, promptChannel, stateChannel } from './channels.ts';

export interface ShellPaths {
  rendererIndex: string;
  preload: string;
}

/**
 * Registers the schemes for the packaged app, or for `electron <script>` in development: the
 * sign-in's private-use callback and the invitation's latchkey://activate link.
 */
export function registerScheme(): void {
  const script = process.argv[1];
  for (const scheme of [desktopScheme, activationScheme])
    if (process.defaultApp && script)
      app.setAsDefaultProtocolClient(scheme, process.execPath, [resolve(script)]);
    else app.setAsDefaultProtocolClient(scheme);
}

/** The URL among a process's arguments (Windows and Linux pass it on the command line). */
export const schemeUrlIn = (argv: string[]) =>
  argv.find((arg) => arg.startsWith(`${desktopScheme}:`)) ?? activationLinkIn(argv);

/** What the organisation decided for the network (policy25's managed settings pass it here). */
export interface ShellNetworkOptions {
  proxy?: { pacUrl?: string };
  /** False: no loopback listener, the sign-in returns through the private-use scheme. */
  localListenersAllowed?: boolean;
}

export async function startShell(
  paths: ShellPaths,
  options: ShellNetworkOptions = {},
): Promise<ActivationEngine | undefined> {
  if (!app.requestSingleInstanceLock()) {
    // Another Latchkey runs: it receives our arguments (a scheme callback) through second-instance.
    app.quit();
    return undefined;
  }
  registerScheme();
  let window: BrowserWindow | undefined;
  const showWindow = () => {
    if (!window || window.isDestroyed()) window = createAccountWindow(paths.rendererIndex, paths.preload);
    else window.focus();
  };
  // The first instance's own argv may carry a link (Windows and Linux start the app with it).
  const pending: string[] = [schemeUrlIn(process.argv)].filter((u): u is string => u !== undefined);
  // URLs can arrive before the core is up: they wait in `pending`.
  const core: { session?: DesktopSession } = {};
  const deliver = (url: string) => {
    if (!core.session) return pending.push(url);
    if (core.session.openUrl(url) === 'prompt') showWindow();
  };
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deliver(url);
  });
  app.on('second-instance', (_event, argv) => {
    const url = schemeUrlIn(argv);
    if (url) deliver(url);
    showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  refuseWebviews();
  await app.whenReady();
  hardenSession();
  // Issue 25 item 4: a PAC URL set for the app (options, else LATCHKEY_PAC_URL) replaces the
  // system's proxy settings in the session that net.fetch uses.
  const proxy = { pacUrl: options.proxy?.pacUrl ?? (process.env.LATCHKEY_PAC_URL || undefined) };
  await applyManagedProxy(proxy);
  const desktop = await createDesktopSession({
    dataDir: process.env.LATCHKEY_APP_DATA ?? app.getPath('userData'),
    openBrowser: (url) => shell.openExternal(url),
    network: sessionNetwork(session.defaultSession, proxy.pacUrl),
    redirect: callbackFor({
      localListenersAllowed: options.localListenersAllowed,
      schemeRequested: process.env.LATCHKEY_REDIRECT === 'scheme',
    }),
    // A packaged app trusts only the anchor built into it (out/trust-anchor.json in app.asar).
    packaged: app.isPackaged,
  });
  // The organisation's PAC file (ProxyPacURL) wins over the one set for the app; applies at start.
  const managedPac = desktop.policy().values.ProxyPacURL.value;
  if (managedPac) await applyManagedProxy({ pacUrl: managedPac });
  const { engine } = desktop;
  const page = pathToFileURL(paths.rendererIndex).href;
  registerActivationIpc(ipcMain, desktop, (url) => url?.split('#')[0] === page);
  const send = (channel: string, payload?: unknown) => {
    if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
  };
  engine.onState((state) => send(stateChannel, state));
  desktop.onPolicy((policy) => send(policyChannel, policy));
  desktop.onPrompt(() => send(promptChannel));
  Menu.setApplicationMenu(buildAppMenu(app.name, showWindow));
  app.on('activate', showWindow);
  app.on('before-quit', () => desktop.close());
  showWindow();
  await desktop.start();
  core.session = desktop;
  for (const url of pending.splice(0)) deliver(url);
  return engine;
}
