// The Account & License window: sandboxed, context-isolated, no Node; it may
// not navigate away or open windows (links go to the system browser).
import { BrowserWindow, shell } from 'electron';

export function createAccountWindow(rendererIndex: string, preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Account & License',
    width: 560,
    height: 640,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererIndex);
  return window;
}
