// "My devices" from the app and the CLI (issue 26 item 1): a fresh SSO sign-in
// (the IdP vouches again: a refusal such as DEVICE_LIMIT_REACHED is no proof of
// who is at the keyboard), then the user's own live activations and Release on
// one. The sign-in's tokens stay in memory only; the service accepts them for
// My devices within 5 minutes of the sign-in (backend/devices/fresh-sign-in.ts).
// The same sign-in can then activate this device (the retry after a release).
import type { MyDevice } from '../../../common/my-devices.ts';
import type { ApiCredential, DeviceFacts, LicensingClient } from '../licensing/licensing-client.ts';
import type { ServiceFetch } from '../network/service-fetch.ts';
import { signInWithSso, type SignInResult } from '../oauth/sso-sign-in.ts';

export interface MyDevicesOptions {
  /** The program's way to the service (proxy, PAC, the OS's CAs), as every other call of the engine takes it. */
  client: LicensingClient;
  fetch: ServiceFetch;
  email: string;
  device: DeviceFacts;
  openBrowser: (url: string) => Promise<void>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class MyDevicesSession {
  private signedIn: SignInResult | undefined;
  private readonly client: LicensingClient;
  private readonly options: MyDevicesOptions;

  constructor(options: MyDevicesOptions) {
    this.options = options;
    this.client = options.client;
  }

  get serverUrl(): string {
    return this.client.serverUrl;
  }

  get email(): string {
    return this.options.email;
  }

  /** The sign-in's tokens, after `signIn` (the retried activation uses them). */
  get signIn(): SignInResult | undefined {
    return this.signedIn;
  }

  async signInAfresh(): Promise<void> {
    this.signedIn = await signInWithSso({
      serverUrl: this.client.serverUrl,
      fetch: this.options.fetch,
      email: this.options.email,
      openBrowser: this.options.openBrowser,
      freshLogin: true,
      ...(this.options.timeoutMs && { timeoutMs: this.options.timeoutMs }),
      ...(this.options.signal && { signal: this.options.signal }),
    });
  }

  async list(): Promise<MyDevice[]> {
    return (await this.client.myDevices(await this.token(), this.options.device.deviceId)).devices;
  }

  async release(activationId: string): Promise<void> {
    await this.client.releaseMyDevice(await this.token(), activationId);
  }

  private async token(): Promise<ApiCredential> {
    if (!this.signedIn) await this.signInAfresh();
    if (!this.signedIn) throw new Error('the sign-in gave no tokens');
    return this.signedIn.accessToken;
  }
}
