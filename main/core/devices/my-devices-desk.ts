// My devices behind the app's window (the Electron IPC and the webshell bridge
// both use it): one fresh-sign-in session at a time, kept in memory while the
// service still takes it (a little under its 5 minutes), refusals turned into
// the failure view the dialogs show.
import type { MyDevicesResult } from '../../../common/desktop-api.ts';
import type { ActivationEngine } from '../activation/activation-engine.ts';
import { failureView, toLatchkeyError } from '../activation/failure-view.ts';
import type { MyDevicesSession } from './my-devices-session.ts';

const sessionKeptMs = 4 * 60_000;

export class MyDevicesDesk {
  private readonly engine: ActivationEngine;
  private current: { session: MyDevicesSession; since: number } | undefined;

  constructor(engine: ActivationEngine) {
    this.engine = engine;
  }

  /** A fresh sign-in for `email` (unless this session's is still fresh), then the list. */
  list(email: string): Promise<MyDevicesResult> {
    return this.answer(async () => {
      const kept = this.fresh();
      if (!kept || kept.email.toLowerCase() !== email.trim().toLowerCase()) {
        const session = this.engine.myDevices(email);
        await session.signInAfresh();
        this.current = { session, since: Date.now() };
      }
      return this.devices();
    });
  }

  release(activationId: string): Promise<MyDevicesResult> {
    return this.answer(async () => {
      const session = this.fresh();
      if (!session) throw new TypeError('sign in to My devices first');
      await session.release(activationId);
      return this.devices();
    });
  }

  /** The release's sign-in activates this device (from Failed: DEVICE_LIMIT_REACHED). */
  async retry(): Promise<void> {
    const session = this.fresh();
    if (!session) throw new TypeError('sign in to My devices first');
    this.current = undefined;
    await this.engine.activateAfterRelease(session);
  }

  private fresh(): MyDevicesSession | undefined {
    if (this.current && Date.now() - this.current.since < sessionKeptMs) return this.current.session;
    this.current = undefined;
    return undefined;
  }

  private async devices(): Promise<MyDevicesResult> {
    const session = this.fresh();
    if (!session) throw new TypeError('sign in to My devices first');
    return { ok: true, devices: await session.list() };
  }

  private async answer(work: () => Promise<MyDevicesResult>): Promise<MyDevicesResult> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof TypeError) throw err;
      return { ok: false, failure: failureView(toLatchkeyError(err), new Date()) };
    }
  }
}
