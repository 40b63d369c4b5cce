// The typed preload bridge (sandboxed, context-isolated): exposes exactly the
// activation API as `window.latchkey` and nothing of Node or Electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ActivationState, DesktopApi } from '../../common/desktop-api.ts';
import { callChannels, stateChannel } from './channels.ts';

const api: DesktopApi = {
  getState: () => ipcRenderer.invoke(callChannels.getState),
  startSso: (email) => ipcRenderer.invoke(callChannels.startSso, email),
  cancel: () => ipcRenderer.invoke(callChannels.cancel),
  reopenBrowser: () => ipcRenderer.invoke(callChannels.reopenBrowser),
  activateWithKey: (licenseKey, email) => ipcRenderer.invoke(callChannels.activateWithKey, licenseKey, email),
  checkIn: () => ipcRenderer.invoke(callChannels.checkIn),
  deactivate: () => ipcRenderer.invoke(callChannels.deactivate),
  dismissFailure: () => ipcRenderer.invoke(callChannels.dismissFailure),
  diagnosticReport: () => ipcRenderer.invoke(callChannels.diagnosticReport),
  listMyDevices: (email) => ipcRenderer.invoke(callChannels.listMyDevices, email),
  releaseMyDevice: (id) => ipcRenderer.invoke(callChannels.releaseMyDevice, id),
  retryAfterRelease: () => ipcRenderer.invoke(callChannels.retryAfterRelease),
  onState(listener) {
    const forward = (_event: IpcRendererEvent, state: ActivationState) => listener(state);
    ipcRenderer.on(stateChannel, forward);
    return () => ipcRenderer.removeListener(stateChannel, forward);
  },
};

contextBridge.exposeInMainWorld('latchkey', api);
