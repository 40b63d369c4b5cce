// The main-process side of the bridge: each call checked (only our own page
// may call, arguments are strings of sane length) and handed to the core.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import type { ActivationEngine } from '../core/activation/activation-engine.ts';
import { callChannels } from './channels.ts';

const text = (max: number) => z.string().max(max);

export function registerActivationIpc(
  ipcMain: IpcMain,
  engine: ActivationEngine,
  isOwnPage: (url: string | undefined) => boolean,
): void {
  const handle = (channel: string, call: (...args: unknown[]) => unknown) =>
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isOwnPage(event.senderFrame?.url))
        throw new Error('refused: the caller is not the Latchkey window');
      return call(...args);
    });

  handle(callChannels.getState, () => engine.getState());
  handle(callChannels.startSso, (email) => {
    // Runs on; the window follows through state events. Bad input throws here, to the caller.
    void engine.startSso(text(320).parse(email));
  });
  handle(callChannels.activateWithKey, (licenseKey, email) => {
    void engine.activateWithKey(text(64).parse(licenseKey), text(320).parse(email));
  });
  handle(callChannels.cancel, () => engine.cancel());
  handle(callChannels.reopenBrowser, () => engine.reopenBrowser());
  handle(callChannels.checkIn, () => engine.checkIn());
  handle(callChannels.deactivate, () => engine.deactivate());
  handle(callChannels.dismissFailure, () => engine.dismissFailure());
  handle(callChannels.diagnosticReport, () => engine.diagnosticReport());
}
