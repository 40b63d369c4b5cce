// The one activation state machine the UI and the CLI both observe:
// idle → waiting-for-browser → exchanging → activating → activated | failed.
// This class is the front door only: it checks what the current state allows,
// then hands each job to its module — SSO (sso-activation.ts), key activation
// (key-activation.ts), renewal (renewal.ts), offline (offline.ts), pinning
// (pinning.ts), deactivation (deactivation.ts). Every state change goes through
// the transition table (transitions.ts).
import { callbackFor } from '../oauth/callback-choice.ts';
import { emailProblem, licenseKeyProblem } from '../../../common/activation-input.ts';
import type { ActivationState } from '../../../common/desktop-api.ts';
import type { EffectivePolicy } from '../../../common/desktop-policy.ts';
import { effectivePolicy, noPolicyDefaults } from '../policy/effective-policy.ts';
import { activationRefusal, checkInCapMs, deactivationRefusal } from '../policy/policy-rules.ts';
import { Credentials } from '../licensing/credentials.ts';
import { LicenseFile, type StoredLicense } from '../licensing/license-file.ts';
import { LicensingClient } from '../licensing/licensing-client.ts';
import { plainNetwork, type ServiceNetwork } from '../network/service-fetch.ts';
import { startSchemeCallback, type SchemeCallback } from '../oauth/scheme-callback.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import { deactivate } from './deactivation.ts';
import { diagnosticReport } from './diagnostic-report.ts';
import type { EngineContext, EngineOptions } from './engine-context.ts';
import { EngineState, type TakenTransition } from './engine-state.ts';
import { ActivationHistory } from './history.ts';
import { activateWithKey } from './key-activation.ts';
import { loadPinnedLicense } from './pinning.ts';
import { checkIn } from './renewal.ts';
import { RenewalTimer } from './renewal-timer.ts';
import { activateSignedIn, activateWithDeviceCode, activateWithSso, applyFailure } from './sso-activation.ts';
import { MyDevicesSession } from '../devices/my-devices-session.ts';
import { StoredLicenseCheck } from './stored-license-check.ts';

export type { EngineOptions } from './engine-context.ts';

/** Thrown for calls the current state does not allow (the UI should not offer them). */
export class NotNow extends Error {
  override name = 'NotNow';
}

/** An activation was asked for on a device that already holds a license. */
export class AlreadyActivated extends NotNow {
  override name = 'AlreadyActivated';
}

/** States in which the device may hold a license on disk (check-in, deactivate). */
const holdingPhases: ReadonlySet<ActivationState['phase']> = new Set(['activated', 'failed']);

export class ActivationEngine {
  readonly history = new ActivationHistory();
  private readonly state: EngineState;
  private readonly ctx: EngineContext;
  private readonly options: EngineOptions;
  private readonly renewal: RenewalTimer;
  private abort: AbortController | undefined;
  /** An activation is running (set before its first state, so a double click cannot start two). */
  private running = false;
  private schemeCallback: SchemeCallback | undefined;
  private serverUrl: string;
  /** The managed settings in force (re-read while the app runs). */
  readonly policy: () => EffectivePolicy;

  constructor(options: EngineOptions) {
    this.options = options;
    const now = options.now ?? (() => new Date());
    this.state = new EngineState(this.history, now);
    const defaults = effectivePolicy([], {
      defaults: noPolicyDefaults(options.defaultServerUrl),
      allowManagedServiceUrl: false,
    });
    this.policy = options.policy ?? (() => defaults);
    this.renewal = new RenewalTimer(
      () => this.checkIn(),
      now,
      options.offlineRetryMs,
      () => checkInCapMs(this.policy()),
    );
    this.serverUrl = new LicensingClient(options.defaultServerUrl).serverUrl;
    this.ctx = {
      options,
      state: this.state,
      history: this.history,
      file: new LicenseFile(options.dataDir),
      credentials: new Credentials(options.secrets),
      licenseCheck: new StoredLicenseCheck({
        anchor: options.trustAnchor,
        deviceId: options.device.deviceId,
        now,
        onRefreshed: () => this.history.add('key certificates refreshed', null, now()),
      }),
      renewal: this.renewal,
      now,
      serverUrl: () => this.serverUrl,
      fetch: this.network.fetch,
      client: (serverUrl) => new LicensingClient(serverUrl, this.network.fetch),
    };
  }

  getState(): ActivationState {
    return this.state.current;
  }

  get licenseFilePath(): string {
    return this.ctx.file.path;
  }

  /** What this build trusts (doctor shows it). */
  get trustAnchor(): TrustAnchor {
    return this.options.trustAnchor;
  }

  /** When the next check-in runs, in ms from now; null when none is scheduled. */
  get nextCheckInMs(): number | null {
    return this.renewal.dueInMs;
  }

  get currentServerUrl(): string {
    return this.serverUrl;
  }

  /** The way to the service this engine uses (doctor shows its route). */
  get network(): ServiceNetwork {
    return this.options.network ?? plainNetwork;
  }

  onState(listener: (state: ActivationState) => void): () => void {
    return this.state.onState(listener);
  }

  /** Each state change with the table's event name (tests, diagnostics). */
  onTransition(listener: (taken: TakenTransition) => void): () => void {
    return this.state.onTransition(listener);
  }

  /** At app start: show the stored license as it verifies offline, then check in (if it can). */
  async start(options: { checkIn?: boolean } = {}): Promise<void> {
    this.ensureNotBusy();
    const stored = await this.ctx.file.read();
    if (!stored) return this.state.apply({ type: 'no-license' });
    this.serverUrl = stored.serverUrl;
    const usable = await loadPinnedLicense(this.ctx, stored);
    if (usable && (options.checkIn ?? true)) await this.checkIn();
  }

  /**
   * Continue with SSO. Bad input and a running activation throw at once (not
   * in the promise); the promise resolves when it ended: activated, failed or cancelled.
   */
  startSso(email: string, serverUrl?: string): Promise<void> {
    return this.signInFor(email, serverUrl, (address, signal) =>
      activateWithSso(this.ctx, address, signal, this.schemeReceiver()),
    );
  }

  /**
   * Sign in on another device (RFC 8628 device code, issue 26 item 2): as startSso, but the state
   * shows a code and its link (waiting-for-browser with `deviceCode`) instead of opening a browser.
   */
  startDeviceCode(email: string, serverUrl?: string): Promise<void> {
    return this.signInFor(email, serverUrl, (address, signal) =>
      activateWithDeviceCode(this.ctx, address, signal),
    );
  }

  /** An SSO activation by either sign-in: the email and the policy checked at once, then one at a time. */
  private signInFor(
    email: string,
    serverUrl: string | undefined,
    run: (address: string, signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    const address = email.trim();
    validInput(emailProblem(address));
    refuse(activationRefusal(this.policy(), 'sso', address));
    this.ensureCanActivate();
    this.useServer(serverUrl);
    return this.exclusively(async () => {
      const abort = new AbortController();
      this.abort = abort;
      try {
        await run(address, abort.signal);
      } finally {
        if (this.abort === abort) this.abort = undefined;
      }
    });
  }

  /**
   * Whether the account of this email lets its users sign in on another device (SSO discovery's
   * `deviceCodeSignIn`): the app shows the choice only then. Any refusal or network trouble: false.
   */
  async deviceCodeAllowed(email: string, serverUrl?: string): Promise<boolean> {
    const address = email.trim();
    if (emailProblem(address)) return false;
    const client = this.ctx.client(serverUrl ? new LicensingClient(serverUrl).serverUrl : this.serverUrl);
    try {
      return (await client.discoverSso(address)).deviceCodeSignIn === true;
    } catch {
      return false;
    }
  }

  /**
   * My devices (issue 26 item 1): a fresh sign-in of this user on this device's server, then the
   * list of their activations and Release; no state changes until `activateAfterRelease`.
   */
  myDevices(email: string, serverUrl?: string): MyDevicesSession {
    const address = email.trim();
    validInput(emailProblem(address));
    const client = this.ctx.client(serverUrl ? new LicensingClient(serverUrl).serverUrl : this.serverUrl);
    return new MyDevicesSession({
      client,
      fetch: this.ctx.fetch,
      email: address,
      device: this.options.device,
      openBrowser: this.options.openBrowser,
      ...(this.options.signInTimeoutMs && { timeoutMs: this.options.signInTimeoutMs }),
    });
  }

  /** The retry after releasing one of my devices: that fresh sign-in activates this device (no second browser trip). */
  activateAfterRelease(session: MyDevicesSession): Promise<void> {
    const signedIn = session.signIn;
    if (!signedIn) throw new NotNow('sign in to My devices first');
    this.ensureCanActivate();
    this.serverUrl = session.serverUrl;
    return this.exclusively(async () => {
      const abort = new AbortController();
      this.abort = abort;
      try {
        this.state.apply({ type: 'signed-in', email: session.email });
        await activateSignedIn(this.ctx, session.email, signedIn, abort.signal);
      } catch (err) {
        applyFailure(this.ctx, err, session.email);
      } finally {
        if (this.abort === abort) this.abort = undefined;
      }
    });
  }

  /** Enter Enterprise Key: activation with a license key and the user's email, no SSO. */
  activateWithKey(licenseKey: string, email: string, serverUrl?: string): Promise<void> {
    const key = licenseKey.trim().toUpperCase();
    const address = email.trim();
    validInput(licenseKeyProblem(key) ?? emailProblem(address));
    refuse(activationRefusal(this.policy(), 'key', address));
    this.ensureCanActivate();
    this.useServer(serverUrl);
    return this.exclusively(() => activateWithKey(this.ctx, key, address));
  }

  /** The OS opened the app with its scheme (Electron's open-url / second-instance). */
  handleOpenUrl(url: string): boolean {
    return this.schemeCallback?.deliver(url) ?? false;
  }

  /** The user's Cancel while the browser is out (back to idle), or while waiting for an approval. */
  cancel(): void {
    this.abort?.abort();
  }

  /** Open the browser again on the same sign-in (the user closed the tab). */
  async reopenBrowser(): Promise<void> {
    const state = this.state.current;
    if (state.phase !== 'waiting-for-browser') throw new NotNow('no sign-in is waiting for the browser');
    await this.options.openBrowser(state.authorizationUrl);
  }

  /** Renews the lease now. Offline keeps the license until its lease ends; a refusal removes it. */
  async checkIn(): Promise<void> {
    await checkIn(this.ctx, await this.storedLicense());
  }

  /** Deactivate on this device: frees the seat, then forgets the license and its credential. */
  async deactivate(): Promise<void> {
    const stored = await this.storedLicense();
    refuse(deactivationRefusal(this.policy()));
    this.ensureNotBusy();
    await deactivate(this.ctx, stored);
  }

  /**
   * From failed back to what the device holds: its license, or idle. Also forgets why a key was
   * turned down (the user went Back from it), so the notice is not shown again.
   */
  async dismissFailure(): Promise<void> {
    const state = this.state.current;
    if (state.phase !== 'failed' && !(state.phase === 'idle' && state.notice)) return;
    await this.start({ checkIn: false });
  }

  diagnosticReport(): string {
    return diagnosticReport({
      device: this.options.device,
      serverUrl: this.serverUrl,
      trustAnchor: this.options.trustAnchor,
      state: this.state.current,
      history: this.history,
      now: this.ctx.now(),
    });
  }

  /** Stops timers (app quit). */
  close(): void {
    this.renewal.clear();
    this.abort?.abort();
  }

  /** The license this device holds; check-in and deactivate need one (and a state that may hold it). */
  private async storedLicense(): Promise<StoredLicense> {
    const stored = holdingPhases.has(this.state.current.phase) ? await this.ctx.file.read() : null;
    if (!stored) throw new NotNow('this device is not activated');
    return stored;
  }

  /** The server named for this activation (CLI --server), else the one already in use. */
  private useServer(serverUrl: string | undefined): void {
    if (serverUrl) this.serverUrl = new LicensingClient(serverUrl).serverUrl;
  }

  private schemeReceiver(): SchemeCallback | undefined {
    // Asked at each sign-in: the organisation may forbid local listeners while the app runs.
    const choice = callbackFor({
      localListenersAllowed: this.options.policy?.().values.AllowLocalListeners.value,
      schemeRequested: this.options.redirect === 'scheme',
    });
    if (choice !== 'scheme') return undefined;
    this.schemeCallback = startSchemeCallback();
    return this.schemeCallback;
  }

  private async exclusively(work: () => Promise<void>): Promise<void> {
    this.running = true;
    try {
      await work();
    } finally {
      this.running = false;
    }
  }

  /** One activation per device: a second one would hold a second seat slot for nothing. */
  private ensureCanActivate(): void {
    this.ensureNotBusy();
    const state = this.state.current;
    if (state.phase === 'activated')
      throw new AlreadyActivated(
        `this device is already activated for ${state.license.licensedTo}; deactivate it first`,
      );
  }

  private ensureNotBusy(): void {
    if (
      this.running ||
      ['waiting-for-browser', 'exchanging', 'activating'].includes(this.state.current.phase)
    )
      throw new NotNow('an activation is already in progress');
  }
}

/** What the organisation's policy does not allow (bad input among it: a TypeError). */
function refuse(refusal: Error | null): void {
  if (refusal) throw refusal;
}

/** Bad input is the caller's to fix (the dialogs check first; the CLI exits 2). */
function validInput(problem: string | null): void {
  if (problem) throw new TypeError(problem);
}
