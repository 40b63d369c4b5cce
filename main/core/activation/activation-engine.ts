// The one activation state machine the UI and the CLI both observe:
// idle → waiting-for-browser → exchanging → activating → activated | failed.
// It ties the SSO sign-in, the licensing API, offline license verification,
// the license file and the keychain together, and keeps the lease renewed.
import { EventEmitter } from 'node:events';
import { emailProblem, licenseKeyProblem } from '../../../common/activation-input.ts';
import type { ActivationState, LicenseSummary } from '../../../common/desktop-api.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { licenseIssuerSuffix } from '../../../common/license-claims.ts';
import type { LicenseState } from '../license-verifier.ts';
import { Credentials } from '../licensing/credentials.ts';
import { LicenseFile, type StoredLicense } from '../licensing/license-file.ts';
import {
  LicensingClient,
  RequestRefused,
  type DeviceFacts,
  type IssuedLicense,
} from '../licensing/licensing-client.ts';
import { startSchemeCallback, type SchemeCallback } from '../oauth/scheme-callback.ts';
import { refreshTokens, signInWithSso } from '../oauth/sso-sign-in.ts';
import { probeSecretStore, type SecretStore } from '../secrets/secret-store.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import { failureView, toLatchkeyError } from './failure-view.ts';
import { asCoded, StoredLicenseCheck } from './stored-license-check.ts';
import { ActivationHistory } from './history.ts';

export interface EngineOptions {
  dataDir: string;
  secrets: SecretStore;
  device: DeviceFacts;
  /** What the build trusts: only licenses whose signing key its root certified (DESIGN.md, "Trust"). */
  trustAnchor: TrustAnchor;
  /** The server the app uses unless the user or QA names another. */
  defaultServerUrl: string;
  /** The system browser (shell.openExternal, xdg-open, or a test's browser). */
  openBrowser: (url: string) => Promise<void>;
  /** 'scheme' when the shell registered the private-use scheme and hands its URLs to handleOpenUrl. */
  redirect?: 'loopback' | 'scheme';
  signInTimeoutMs?: number;
  now?: () => Date;
  /** How long to wait before trying again after a check-in found no server. */
  offlineRetryMs?: number;
}

/** Thrown for calls the current state does not allow (the UI should not offer them). */
export class NotNow extends Error {
  override name = 'NotNow';
}

/** An activation was asked for on a device that already holds a license. */
export class AlreadyActivated extends NotNow {
  override name = 'AlreadyActivated';
}

export class ActivationEngine {
  readonly history = new ActivationHistory();
  private state: ActivationState = { phase: 'idle' };
  private readonly events = new EventEmitter();
  private readonly file: LicenseFile;
  private readonly credentials: Credentials;
  private readonly licenseCheck: StoredLicenseCheck;
  private readonly options: EngineOptions;
  private readonly now: () => Date;
  private abort: AbortController | undefined;
  /** An activation is running (set before its first state, so a double click cannot start two). */
  private running = false;
  private schemeCallback: SchemeCallback | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private serverUrl: string;

  constructor(options: EngineOptions) {
    this.options = options;
    this.file = new LicenseFile(options.dataDir);
    this.credentials = new Credentials(options.secrets);
    this.now = options.now ?? (() => new Date());
    this.licenseCheck = new StoredLicenseCheck({
      anchor: options.trustAnchor,
      deviceId: options.device.deviceId,
      now: this.now,
      onRefreshed: () => this.history.add('key certificates refreshed', null, this.now()),
    });
    this.serverUrl = new LicensingClient(options.defaultServerUrl).serverUrl;
  }

  getState(): ActivationState {
    return this.state;
  }

  get licenseFilePath(): string {
    return this.file.path;
  }

  /** What this build trusts (doctor shows it). */
  get trustAnchor(): TrustAnchor {
    return this.options.trustAnchor;
  }

  get currentServerUrl(): string {
    return this.serverUrl;
  }

  onState(listener: (state: ActivationState) => void): () => void {
    this.events.on('state', listener);
    return () => this.events.off('state', listener);
  }

  /** At app start: show the stored license as it verifies offline, then check in (if it can). */
  async start(options: { checkIn?: boolean } = {}): Promise<void> {
    const stored = await this.file.read();
    if (!stored) return this.set({ phase: 'idle' });
    this.serverUrl = stored.serverUrl;
    try {
      const cached = stored.keyCertificates;
      const verified = await this.licenseCheck.verifyWithFreshCertificates(
        stored,
        new LicensingClient(stored.serverUrl),
      );
      if (stored.keyCertificates !== cached) await this.file.write(stored);
      if (verified.status === 'expired') this.failWithLicenseKept(verified);
      else this.set({ phase: 'activated', license: summarize(stored, verified) });
    } catch (err) {
      // A license that no longer verifies (edited, other device, a key the root did not certify) is not used.
      await this.file.remove();
      const error = asCoded(err);
      return this.fail(
        new LatchkeyError(
          error.code,
          `the stored license was not accepted: ${error.message}`,
          error.evidence,
        ),
      );
    }
    if (options.checkIn ?? true) await this.checkIn();
  }

  /**
   * Continue with SSO. Bad input and a running activation throw at once (not
   * in the promise); the promise resolves when it ended: activated, failed or cancelled.
   */
  startSso(email: string, serverUrl?: string): Promise<void> {
    const address = email.trim();
    validInput(emailProblem(address));
    this.ensureCanActivate();
    this.useServer(serverUrl);
    return this.exclusively(() => this.runSso(address));
  }

  private async runSso(address: string): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    try {
      await this.ensureKeychain();
      const signedIn = await signInWithSso({
        serverUrl: this.serverUrl,
        email: address,
        openBrowser: this.options.openBrowser,
        timeoutMs: this.options.signInTimeoutMs,
        signal: abort.signal,
        receiver: this.schemeReceiver(),
        onAuthorizationUrl: (url) =>
          this.set({ phase: 'waiting-for-browser', email: address, authorizationUrl: url }),
        onExchanging: () => this.set({ phase: 'exchanging', email: address }),
      });
      this.set({ phase: 'activating', email: address });
      const client = new LicensingClient(this.serverUrl);
      const issued = await client.activate(signedIn.accessToken, this.options.device);
      await this.keep(
        client,
        issued,
        'sso',
        signedIn.email ?? address,
        signedIn.refreshToken,
        signedIn.accessToken,
      );
    } catch (err) {
      if (abort.signal.aborted) return this.set({ phase: 'idle' });
      this.fail(toLatchkeyError(err));
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
  }

  /** Enter Enterprise Key: activation with a license key and the user's email, no SSO. */
  activateWithKey(licenseKey: string, email: string, serverUrl?: string): Promise<void> {
    const key = licenseKey.trim().toUpperCase();
    const address = email.trim();
    validInput(licenseKeyProblem(key) ?? emailProblem(address));
    this.ensureCanActivate();
    this.useServer(serverUrl);
    return this.exclusively(() => this.runKeyActivation(key, address));
  }

  private async runKeyActivation(key: string, address: string): Promise<void> {
    try {
      await this.ensureKeychain();
      this.set({ phase: 'activating', email: address });
      const client = new LicensingClient(this.serverUrl);
      const issued = await client.activateByKey(key, address, this.options.device);
      await this.keep(client, issued, 'key', address, issued.activationSecret, issued.activationSecret);
    } catch (err) {
      if (err instanceof RequestRefused) return this.set({ phase: 'idle', notice: keyNotice(err) });
      this.fail(toLatchkeyError(err));
    }
  }

  /** The OS opened the app with its scheme (Electron's open-url / second-instance). */
  handleOpenUrl(url: string): boolean {
    return this.schemeCallback?.deliver(url) ?? false;
  }

  /** The user's Cancel while the browser is out: back to idle. */
  cancel(): void {
    this.abort?.abort();
  }

  /** Open the browser again on the same sign-in (the user closed the tab). */
  async reopenBrowser(): Promise<void> {
    if (this.state.phase !== 'waiting-for-browser') throw new NotNow('no sign-in is waiting for the browser');
    await this.options.openBrowser(this.state.authorizationUrl);
  }

  /** Renews the lease now. Offline keeps the license until its lease ends; a refusal removes it. */
  async checkIn(): Promise<void> {
    const stored = await this.file.read();
    if (!stored) throw new NotNow('this device is not activated');
    this.clearRenewTimer();
    try {
      const client = new LicensingClient(stored.serverUrl);
      const issued = await client.checkIn(await this.bearerFor(stored), stored.activationId);
      const renewed: StoredLicense = {
        ...stored,
        license: issued.license,
        lastCheckInAt: this.now().toISOString(),
        offline: false,
      };
      const verified = await this.licenseCheck.verifyWithFreshCertificates(renewed, client);
      await this.file.write(renewed);
      this.history.add('check-in', null, this.now());
      this.set({ phase: 'activated', license: summarize(renewed, verified) });
      this.scheduleRenewal(verified);
    } catch (err) {
      const error = toLatchkeyError(err);
      if (error.code === 'SERVER_UNREACHABLE' || error.code === 'KEYCHAIN_UNAVAILABLE') {
        await this.runOffline(stored, error);
        return;
      }
      await this.forgetLicense(stored);
      this.fail(error);
    }
  }

  /** Deactivate on this device: frees the seat, then forgets the license and its credential. */
  async deactivate(): Promise<void> {
    const stored = await this.file.read();
    if (!stored) throw new NotNow('this device is not activated');
    this.ensureNotBusy();
    try {
      await new LicensingClient(stored.serverUrl).deactivate(
        await this.bearerFor(stored),
        stored.activationId,
      );
    } catch (err) {
      const error = toLatchkeyError(err);
      // Already revoked on the server: nothing left to free, forget it here too.
      if (error.code !== 'ACTIVATION_REVOKED') return this.fail(error);
    }
    await this.forgetLicense(stored);
    this.history.add('deactivated', null, this.now());
    this.set({ phase: 'idle' });
  }

  /**
   * What authorizes a call for this activation: the key activation's secret, or a fresh access
   * token from the refresh token. The service rotates refresh tokens and treats a reused one as
   * theft, so the new one is stored before anything else can fail.
   */
  private async bearerFor(stored: StoredLicense): Promise<string> {
    const credential = await this.credentials.load(stored.activationId);
    if (stored.via === 'key') return credential;
    const tokens = await refreshTokens(stored.serverUrl, credential);
    if (tokens.refreshToken !== credential)
      await this.credentials.save(stored.activationId, tokens.refreshToken);
    return tokens.accessToken;
  }

  /** From failed back to what the device holds: its license, or idle. */
  async dismissFailure(): Promise<void> {
    if (this.state.phase !== 'failed') return;
    await this.start({ checkIn: false });
  }

  /** Codes, times, server, app version: enough for IT, and never a token or secret. */
  diagnosticReport(): string {
    const { device } = this.options;
    const lines = [
      'Latchkey activation diagnostic report',
      `generated: ${this.now().toISOString()}`,
      `app version: ${device.appVersion}`,
      `os: ${device.os}`,
      `device: ${device.deviceName} (id ${device.deviceId.slice(0, 12)}…)`,
      `server: ${this.serverUrl}`,
      `root of trust: ${trustLine(this.options.trustAnchor)}`,
      `state: ${this.state.phase}`,
    ];
    if (this.state.phase === 'failed') {
      const f = this.state.failure;
      lines.push(
        `failure: ${f.code} at ${f.at}`,
        `reference: ${f.reference ?? '(none)'}`,
        `detail: ${f.detail}`,
      );
    }
    if (this.state.phase === 'activated') {
      const l = this.state.license;
      lines.push(
        `activation: ${l.activationId} (${l.via})`,
        `lease ends: ${l.leaseEndsAt}`,
        `offline: ${l.offline}`,
      );
    }
    lines.push('recent events:', ...this.history.lines());
    return `${lines.join('\n')}\n`;
  }

  /** Stops timers (app quit). */
  close(): void {
    this.clearRenewTimer();
    this.abort?.abort();
  }

  /** The server named for this activation (CLI --server), else the one already in use. */
  private useServer(serverUrl: string | undefined): void {
    if (serverUrl) this.serverUrl = new LicensingClient(serverUrl).serverUrl;
  }

  private schemeReceiver(): SchemeCallback | undefined {
    if (this.options.redirect !== 'scheme') return undefined;
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
    if (this.state.phase === 'activated')
      throw new AlreadyActivated(
        `this device is already activated for ${this.state.license.licensedTo}; deactivate it first`,
      );
  }

  private ensureNotBusy(): void {
    if (this.running || ['waiting-for-browser', 'exchanging', 'activating'].includes(this.state.phase))
      throw new NotNow('an activation is already in progress');
  }

  private async ensureKeychain(): Promise<void> {
    const probe = await probeSecretStore(this.options.secrets);
    if (!probe.usable) throw new LatchkeyError('KEYCHAIN_UNAVAILABLE', probe.reason);
  }

  /** Verifies what the service issued under the app's root (its certificates cached now), then stores license and credential. */
  private async keep(
    client: LicensingClient,
    issued: IssuedLicense,
    via: 'sso' | 'key',
    licensedTo: string,
    credential: string,
    bearer: string,
  ) {
    const stored: StoredLicense = {
      version: 1,
      serverUrl: this.serverUrl,
      issuer: `${this.serverUrl}${licenseIssuerSuffix}`,
      activationId: issued.activationId,
      via,
      licensedTo,
      license: issued.license,
      keyCertificates: await client.keyCertificates(),
      lastCheckInAt: this.now().toISOString(),
      offline: false,
    };
    let verified: LicenseState;
    try {
      verified = await this.licenseCheck.verify(stored);
    } catch (err) {
      // A license this app cannot use must not hold a seat: hand the activation back (best effort).
      await client.deactivate(bearer, issued.activationId).catch(() => undefined);
      throw err;
    }
    await this.credentials.save(issued.activationId, credential);
    await this.file.write(stored);
    this.history.add('activated', null, this.now());
    this.set({ phase: 'activated', license: summarize(stored, verified) });
    this.scheduleRenewal(verified);
  }

  private async runOffline(stored: StoredLicense, cause: LatchkeyError): Promise<void> {
    const offline = { ...stored, offline: true };
    await this.file.write(offline);
    this.history.add('offline', cause.code, this.now());
    const verified = await this.licenseCheck.verify(offline);
    if (verified.status === 'expired') this.failWithLicenseKept(verified, cause);
    else this.set({ phase: 'activated', license: summarize(offline, verified) });
    this.scheduleRetry();
  }

  /** The lease ran out while the server was out of reach: failed, but the license stays for the next check-in. */
  private failWithLicenseKept(verified: LicenseState, cause?: LatchkeyError): void {
    const error =
      cause ??
      new LatchkeyError(
        'SERVER_UNREACHABLE',
        `the lease ended ${verified.leaseEndsAt.toISOString()} while offline`,
      );
    this.fail(error);
  }

  private async forgetLicense(stored: StoredLicense): Promise<void> {
    this.clearRenewTimer();
    await this.file.remove();
    await this.credentials.forget(stored.activationId).catch(() => undefined);
  }

  private fail(error: LatchkeyError): void {
    this.history.add('failed', error.code, this.now());
    this.set({ phase: 'failed', failure: failureView(error, this.now()) });
  }

  private scheduleRenewal(verified: LicenseState): void {
    if (verified.status === 'expired') return;
    this.setRenewTimer(verified.renewAfter.getTime() - this.now().getTime());
  }

  private scheduleRetry(): void {
    this.setRenewTimer(this.options.offlineRetryMs ?? 15 * 60_000);
  }

  private setRenewTimer(delayMs: number): void {
    this.clearRenewTimer();
    // setTimeout holds at most ~24.8 days; a later renew-after is re-armed when it fires.
    const delay = Math.min(Math.max(delayMs, 1_000), 2 ** 31 - 1);
    this.renewTimer = setTimeout(() => void this.checkIn().catch(() => undefined), delay);
    this.renewTimer.unref();
  }

  private clearRenewTimer(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
  }

  private set(state: ActivationState): void {
    this.state = state;
    if (state.phase !== 'failed') this.history.add(state.phase, null, this.now());
    this.events.emit('state', state);
  }
}

/** Which root this build trusts, for IT: a build for another service shows here. */
function trustLine(anchor: TrustAnchor): string {
  if (!anchor.roots.length) return `none (${anchor.problem ?? 'no anchor'})`;
  return `${anchor.source} ${anchor.roots.map((r) => r.kid).join(', ')}${anchor.serviceUrl ? ` for ${anchor.serviceUrl}` : ''}`;
}

/** What the user reads when the service turned a key down. */
function keyNotice(err: RequestRefused): string {
  if (err.code === 'license_not_found')
    return 'No license has this key. Check it, or ask your IT team for the right one.';
  if (err.code === 'sso_required')
    return 'Your company activates Latchkey with single sign-on: use Continue with SSO with your work email.';
  return `The key was not accepted: ${err.message}`;
}

/** Bad input is the caller's to fix (the dialogs check first; the CLI exits 2). */
function validInput(problem: string | null): void {
  if (problem) throw new TypeError(problem);
}

function summarize(stored: StoredLicense, verified: LicenseState): LicenseSummary {
  const { claims } = verified;
  return {
    licensedTo: stored.licensedTo,
    edition: claims.edition,
    subscriptionEndsAt: new Date(claims.sub_end * 1000).toISOString(),
    leaseEndsAt: verified.leaseEndsAt.toISOString(),
    renewAfter: new Date(claims.renew_after * 1000).toISOString(),
    lease: verified.status,
    offline: stored.offline,
    lastCheckInAt: stored.lastCheckInAt,
    via: stored.via,
    serverUrl: stored.serverUrl,
    activationId: stored.activationId,
  };
}
