// The one way the dialogs reach the activation core: Electron's preload
// exposes `window.latchkey`; in a plain browser the webshell's HTTP bridge
// stands in for it.
import type { DesktopApi } from '../../../common/desktop-api.ts';
import { httpBridge } from './http-bridge.ts';

declare global {
  interface Window {
    latchkey?: DesktopApi;
  }
}

export function desktopBridge(): DesktopApi {
  return window.latchkey ?? httpBridge(window.location.origin);
}
