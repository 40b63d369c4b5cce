// The main-process side of the bridge: each call checked (only our own page
// may call, arguments are strings of sane length) and handed to the core.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import type { DesktopApi } from '../../common/desktop-api.ts';
import type { DesktopSession } from '../core/desktop-session.ts';
import { callChannels } from './channels.ts';
import { MyDevicesDesk } from '../core/devices/my-devices-desk.ts';

const text = (max: number) => z.string().max(max);

type CallName = keyof typeof callChannels;

/** One handler per DesktopApi call, typed by it: a call without a handler does not compile. */
type Handlers = {
  [K in CallName]: (
    ...args: unknown[]
  ) => ReturnType<DesktopApi[K]> | Awaited<ReturnType<DesktopApi[K]>> | undefined;
};

export function registerActivationIpc(
  ipcMain: IpcMain,
  session: DesktopSession,
  isOwnPage: (url: string | undefined) => boolean,
): void {
  const { engine } = session;
  const handle = (channel: string, call: (...args: unknown[]) => unknown) =>
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isOwnPage(event.senderFrame?.url))
        throw new Error('refused: the caller is not the Latchkey window');
      return call(...args);
    });

  const myDevices = new MyDevicesDesk(engine);
  const handlers = {
    getState: () => engine.getState(),
    startSso: (email) => {
      // Runs on; the window follows through state events. Bad input throws here, to the caller.
      void engine.startSso(text(320).parse(email));
    },
    startDeviceCode: (email) => {
      // Runs on, like startSso: the code and its link arrive as a state event.
      void engine.startDeviceCode(text(320).parse(email));
    },
    deviceCodeAllowed: (email) => engine.deviceCodeAllowed(text(320).parse(email)),
    activateWithKey: (licenseKey, email) => {
      void engine.activateWithKey(text(64).parse(licenseKey), text(320).parse(email));
    },
    cancel: () => engine.cancel(),
    reopenBrowser: () => engine.reopenBrowser(),
    checkIn: () => engine.checkIn(),
    deactivate: () => engine.deactivate(),
    dismissFailure: () => engine.dismissFailure(),
    diagnosticReport: () => engine.diagnosticReport(),
    getPolicy: () => session.policy(),
    takeSsoPrompt: () => session.takePrompt(),
    listMyDevices: (email) => myDevices.list(text(320).parse(email)),
    releaseMyDevice: (id) => myDevices.release(z.uuid().parse(id)),
    retryAfterRelease: () => {
      // Runs on, like startSso; the window follows through state events.
      void myDevices.retry();
    },
  } satisfies Handlers;
  for (const name of Object.keys(callChannels) as CallName[]) handle(callChannels[name], handlers[name]);
}
