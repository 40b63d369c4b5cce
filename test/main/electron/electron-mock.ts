// A stand-in for the `electron` module, for unit tests of main/electron/ on
// machines where Electron's binary cannot be downloaded (importing the real
// module would try to). It records what the shell asks of Electron.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Handler = (event: { senderFrame?: { url: string } }, ...args: unknown[]) => unknown;

class MockApp extends EventEmitter {
  name = 'Latchkey';
  /** What app.isPackaged says (a test of the packaged build sets it). */
  isPackaged = false;
  singleInstance = true;
  quitCalls = 0;
  schemes: unknown[][] = [];
  userData = mkdtempSync(join(tmpdir(), 'latchkey-electron-'));
  requestSingleInstanceLock = () => this.singleInstance;
  quit = () => {
    this.quitCalls += 1;
  };
  setAsDefaultProtocolClient = (...args: unknown[]) => {
    this.schemes.push(args);
    return true;
  };
  whenReady = async () => undefined;
  getPath = (_name: string) => this.userData;
}

export const app = new MockApp();

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler) {
    this.handlers.set(channel, handler);
  },
};

export const shell = {
  opened: [] as string[],
  openExternal: async (url: string) => void shell.opened.push(url),
};

export interface MenuTemplateItem {
  label?: string;
  role?: string;
  click?: () => void;
  submenu?: MenuTemplateItem[];
}
export const Menu = {
  built: [] as MenuTemplateItem[][],
  applied: 0,
  buildFromTemplate(template: MenuTemplateItem[]) {
    this.built.push(template);
    return { template };
  },
  setApplicationMenu() {
    this.applied += 1;
  },
};

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  readonly options: Record<string, unknown>;
  loaded: string | undefined;
  sent: [string, unknown][] = [];
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly webContents = Object.assign(new EventEmitter(), {
    setWindowOpenHandler: (h: (details: { url: string }) => { action: string }) => {
      this.openHandler = h;
    },
    send: (channel: string, payload: unknown) => void this.sent.push([channel, payload]),
  });
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    BrowserWindow.created.push(this);
  }
  loadFile = async (file: string) => {
    this.loaded = file;
  };
  isDestroyed = () => false;
  focus = () => undefined;
  show = () => undefined;
}

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoked: [] as unknown[][],
  listeners: new Map<string, (...args: unknown[]) => void>(),
  invoke: async (...args: unknown[]) => void ipcRenderer.invoked.push(args),
  on(channel: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(channel, listener);
  },
  removeListener(channel: string) {
    this.listeners.delete(channel);
  },
};

type PermissionHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
export const session = {
  defaultSession: {
    requestHandler: undefined as PermissionHandler | undefined,
    checkHandler: undefined as ((contents: unknown, permission: string) => boolean) | undefined,
    setPermissionRequestHandler(handler: PermissionHandler) {
      this.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean) {
      this.checkHandler = handler;
    },
    // Issue 25 item 4: the proxy the session is given, and what resolveProxy answers.
    proxyConfigs: [] as unknown[],
    async setProxy(config: unknown) {
      this.proxyConfigs.push(config);
    },
    resolvedProxy: 'DIRECT',
    async resolveProxy(_url: string) {
      return this.resolvedProxy;
    },
    /** net.fetch on the session: Node's fetch stands in for Chromium's network stack. */
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
  },
};
