// The typed preload bridge (sandboxed, context-isolated): exposes exactly the
// activation API as `window.latchkey` and nothing of Node or Electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ActivationState, DesktopApi } from '../../common/desktop-api.ts';
import type { EffectivePolicy } from '../../common/desktop-policy.ts';
import { callChannels, policyChannel, promptChannel, stateChannel } from './channels.ts';

const api: DesktopApi = {
  getState: () => ipcRenderer.invoke(callChannels.getState),
  startSso: (email) => ipcRenderer.invoke(callChannels.startSso, email),
  startDeviceCode: (email) => ipcRenderer.invoke(callChannels.startDeviceCode, email),
  deviceCodeAllowed: (email) => ipcRenderer.invoke(callChannels.deviceCodeAllowed, email),
  cancel: () => ipcRenderer.invoke(callChannels.cancel),
  reopenBrowser: () => ipcRenderer.invoke(callChannels.reopenBrowser),
  activateWithKey: (licenseKey, email) => ipcRenderer.invoke(callChannels.activateWithKey, licenseKey, email),
  checkIn: () => ipcRenderer.invoke(callChannels.checkIn),
  deactivate: () => ipcRenderer.invoke(callChannels.deactivate),
  dismissFailure: () => ipcRenderer.invoke(callChannels.dismissFailure),
  diagnosticReport: () => ipcRenderer.invoke(callChannels.diagnosticReport),
  getPolicy: () => ipcRenderer.invoke(callChannels.getPolicy),
  takeSsoPrompt: () => ipcRenderer.invoke(callChannels.takeSsoPrompt),
  listMyDevices: (email) => ipcRenderer.invoke(callChannels.listMyDevices, email),
  releaseMyDevice: (id) => ipcRenderer.invoke(callChannels.releaseMyDevice, id),
  retryAfterRelease: () => ipcRenderer.invoke(callChannels.retryAfterRelease),
  onState(listener) {
    const forward = (_event: IpcRendererEvent, state: ActivationState) => listener(state);
    ipcRenderer.on(stateChannel, forward);
    return () => ipcRenderer.removeListener(stateChannel, forward);
  },
  onPolicy(listener) {
    const forward = (_event: IpcRendererEvent, policy: EffectivePolicy) => listener(policy);
    ipcRenderer.on(policyChannel, forward);
    return () => ipcRenderer.removeListener(policyChannel, forward);
  },
  onSsoPrompt(listener) {
    const forward = () => listener();
    ipcRenderer.on(promptChannel, forward);
    return () => ipcRenderer.removeListener(promptChannel, forward);
  },
};

contextBridge.exposeInMainWorld('latchkey', api);
