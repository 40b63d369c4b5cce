// main/electron with the electron module MOCKED (its binary cannot be
// downloaded here): what the shell asks of Electron, and that the activation
// API is the only thing that crosses into the window.
import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ActivationEngine } from '../../../main/core/activation/activation-engine.ts';

vi.mock('electron', () => import('./electron-mock.ts'));
const electron = await import('./electron-mock.ts');
const { createAccountWindow } = await import('../../../main/electron/account-window.ts');
const { startShell, schemeUrlIn } = await import('../../../main/electron/shell.ts');
const { callChannels, stateChannel } = await import('../../../main/electron/channels.ts');

const paths = {
  rendererIndex: '/app/out/renderer/desktop/index.html',
  preload: '/app/out/electron/preload.cjs',
};
const ownPage = { senderFrame: { url: 'file:///app/out/renderer/desktop/index.html' } };

beforeEach(() => {
  electron.BrowserWindow.created.length = 0;
});
afterAll(async () => rm(electron.app.userData, { recursive: true, force: true }));

describe('Electron shell (electron module mocked: no Electron binary on this machine)', () => {
  test('the window is sandboxed and context-isolated without Node, never navigates, and sends links to the system browser', () => {
    const window = createAccountWindow(paths.rendererIndex, paths.preload) as unknown as InstanceType<
      typeof electron.BrowserWindow
    >;
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: paths.preload,
    });
    expect(window.loaded).toBe(paths.rendererIndex);
    expect(window.openHandler?.({ url: 'https://idp.example.com/login' })).toEqual({ action: 'deny' });
    expect(window.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.shell.opened).toEqual(['https://idp.example.com/login']);
    let prevented = false;
    window.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  test('a second instance hands over and quits at once', async () => {
    electron.app.singleInstance = false;
    expect(await startShell(paths)).toBeUndefined();
    expect(electron.app.quitCalls).toBe(1);
    electron.app.singleInstance = true;
  });

  test('start: scheme registered, session hardened, menu with Account & License…, state pushed to the window, IPC only for its own page with checked input, scheme callbacks reach the core', async () => {
    process.env.LATCHKEY_SERVER_URL = 'http://127.0.0.1:9';
    const engine = (await startShell(paths)) as ActivationEngine;
    delete process.env.LATCHKEY_SERVER_URL;
    expect(engine).toBeDefined();
    expect(electron.app.schemes.flat()).toContain('com.latchkey.desktop');

    const appMenu = electron.Menu.built.at(-1)?.[0]?.submenu ?? [];
    const accountItem = appMenu.find((item) => item.label === 'Account & License…');
    expect(accountItem).toBeDefined();
    expect(electron.BrowserWindow.created).toHaveLength(1);
    const window = electron.BrowserWindow.created[0];
    expect(window?.sent).toEqual([[stateChannel, { phase: 'idle' }]]); // what the device holds at start

    const handler = (channel: string) => {
      const h = electron.ipcMain.handlers.get(channel);
      if (!h) throw new Error(`no handler for ${channel}`);
      return h;
    };
    expect(Object.values(callChannels).every((c) => electron.ipcMain.handlers.has(c))).toBe(true);
    expect(await handler(callChannels.getState)(ownPage)).toEqual({ phase: 'idle' });
    expect(() => handler(callChannels.getState)({ senderFrame: { url: 'https://evil.example/' } })).toThrow(
      /not the Latchkey window/,
    );
    expect(() => handler(callChannels.startSso)(ownPage, { email: 'alice@acme.test' })).toThrow();
    expect(() => handler(callChannels.startSso)(ownPage, 'not an email')).toThrow(/work email/);
    expect(() => handler(callChannels.startDeviceCode)(ownPage, 'not an email')).toThrow(/work email/);
    expect(await handler(callChannels.deviceCodeAllowed)(ownPage, 'not an email')).toBe(false);
    expect(await handler(callChannels.diagnosticReport)(ownPage)).toContain('state: idle');

    // Hardened: only clipboard writes are granted; a <webview> is never attached.
    const granted = (permission: string) =>
      new Promise<boolean>((resolve) =>
        electron.session.defaultSession.requestHandler?.({}, permission, resolve),
      );
    expect(await granted('clipboard-sanitized-write')).toBe(true);
    expect(await granted('media')).toBe(false);
    expect(await granted('geolocation')).toBe(false);
    expect(electron.session.defaultSession.checkHandler?.({}, 'notifications')).toBe(false);
    const contents = new EventEmitter();
    electron.app.emit('web-contents-created', {}, contents);
    let webviewRefused = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewRefused = true) });
    expect(webviewRefused).toBe(true);

    const delivered = vi.spyOn(engine, 'handleOpenUrl');
    electron.app.emit('second-instance', {}, ['latchkey', 'com.latchkey.desktop:/callback?code=c&state=s']);
    expect(delivered).toHaveBeenCalledWith('com.latchkey.desktop:/callback?code=c&state=s');
    let prevented = false;
    electron.app.emit(
      'open-url',
      { preventDefault: () => (prevented = true) },
      'com.latchkey.desktop:/callback?x=1',
    );
    expect(prevented).toBe(true);
    expect(delivered).toHaveBeenCalledTimes(2);

    // Every state change goes to the window (here: an activation against a server that is not there).
    await engine.startSso('alice@acme.test');
    expect(window?.sent.at(-1)).toEqual([stateChannel, expect.objectContaining({ phase: 'failed' })]);
    accountItem?.click?.();
    expect(electron.BrowserWindow.created).toHaveLength(1); // the menu item brings back the same window
    engine.close();
    expect(schemeUrlIn(['/usr/bin/latchkey', '--flag'])).toBeUndefined();
  });

  test('the preload exposes exactly the activation API as window.latchkey', async () => {
    await import('../../../main/electron/preload.ts');
    const api = electron.contextBridge.exposed.get('latchkey') as Record<
      string,
      (...a: unknown[]) => unknown
    >;
    expect(Object.keys(api).sort()).toEqual(
      [...Object.keys(callChannels), 'onState', 'onPolicy', 'onSsoPrompt'].sort(),
    );
    await api.startSso?.('alice@acme.test');
    await api.startDeviceCode?.('alice@acme.test');
    await api.activateWithKey?.('LK-AAAAA-BBBBB-CCCCC-DDDDD', 'alice@acme.test');
    expect(electron.ipcRenderer.invoked).toEqual([
      [callChannels.startSso, 'alice@acme.test'],
      [callChannels.startDeviceCode, 'alice@acme.test'],
      [callChannels.activateWithKey, 'LK-AAAAA-BBBBB-CCCCC-DDDDD', 'alice@acme.test'],
    ]);
    const seen: unknown[] = [];
    const off = api.onState?.((s: unknown) => seen.push(s)) as () => void;
    electron.ipcRenderer.listeners.get(stateChannel)?.({}, { phase: 'idle' });
    expect(seen).toEqual([{ phase: 'idle' }]);
    off();
    expect(electron.ipcRenderer.listeners.has(stateChannel)).toBe(false);
  });
});
