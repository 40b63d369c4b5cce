// The contract between the desktop core and whoever shows it (the renderer
// through the preload bridge or the webshell's HTTP bridge, and the CLI): the
// activation state machine's states and the calls that move it.
import type { EffectivePolicy, SsoPrompt } from './desktop-policy.ts';
import type { FailureCode } from './failure-codes.ts';
import type { MyDevice } from './my-devices.ts';

/** The private-use URI scheme the app registers (RFC 8252 §7.1); the service accepts `<scheme>:/callback`. */
export const desktopScheme = 'com.latchkey.desktop';

/** Sign in on another device (issue 26 item 2): the code, where to enter it, the link with the code (QR), until when. */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresAt: string;
}

export type ActivationPhase =
  'idle' | 'waiting-for-browser' | 'exchanging' | 'activating' | 'activated' | 'failed';

export interface LicenseSummary {
  /** The holder's email as the signed license names them — never what was typed (DESIGN.md, flow step 9). */
  licensedTo: string;
  /** The holder's display name from the signed license, when the service knows one. */
  holderName: string | null;
  /** The email typed for this activation, only when it is not the holder's: the UI says "You signed in as …". */
  requestedEmail: string | null;
  edition: string;
  /** ISO times. */
  subscriptionEndsAt: string;
  leaseEndsAt: string;
  renewAfter: string;
  /** valid: leased; renewal-due: check-in pending (offline still fine); expired: the lease ran out. */
  lease: 'valid' | 'renewal-due' | 'expired';
  /** The last check-in could not reach the server: the app runs on its lease. */
  offline: boolean;
  lastCheckInAt: string;
  via: 'sso' | 'key';
  serverUrl: string;
  activationId: string;
}

export interface FailureView {
  code: FailureCode;
  /** The catalog's plain message for the user. */
  message: string;
  /** What the user can tell IT (the admin's remedy, naming the desktop-users group where the service did). */
  askIt: string;
  /** Activation log reference from the service, when it gave one. */
  reference: string | null;
  /**
   * Why, where the code alone does not say (ACTIVATION_REVOKED: USER_NOT_IN_GROUP, USER_DEACTIVATED…);
   * `message` and `askIt` are then this reason's.
   */
  reason: FailureCode | null;
  /** Technical detail for the diagnostic report (never a secret). */
  detail: string;
  at: string;
  /** The activation that failed: the email typed and the way (Try again reopens it); null for a check-in. */
  tried: { email: string; via: 'sso' | 'key' } | null;
}

export type ActivationState =
  /** `notice`: why the last attempt came back without activating (a key no license has, SSO required). */
  | { phase: 'idle'; notice?: string }
  /** `deviceCode`: the sign-in is finished on a second device (RFC 8628): what the app shows. */
  | { phase: 'waiting-for-browser'; email: string; authorizationUrl: string; deviceCode?: DeviceCodePrompt }
  | { phase: 'exchanging'; email: string }
  /** `approval`: waiting for the IT team to approve this computer (issue 26 item 4). */
  | { phase: 'activating'; email: string; approval?: { expiresAt: string } }
  | { phase: 'activated'; license: LicenseSummary }
  | { phase: 'failed'; failure: FailureView };

/** My devices' answer: the user's devices, or why not (SIGN_IN_NOT_FRESH, SELF_RELEASE_DISABLED…). */
export type MyDevicesResult = { ok: true; devices: MyDevice[] } | { ok: false; failure: FailureView };

/** What the UI may call: the preload bridge exposes exactly this. */
export interface DesktopApi {
  getState(): Promise<ActivationState>;
  startSso(email: string): Promise<void>;
  /** Sign in on another device (RFC 8628): the state then shows a code, its link and a QR code. */
  startDeviceCode(email: string): Promise<void>;
  /** Whether this email's account lets its users sign in on another device (SSO discovery); false when unknown. */
  deviceCodeAllowed(email: string): Promise<boolean>;
  cancel(): Promise<void>;
  reopenBrowser(): Promise<void>;
  activateWithKey(licenseKey: string, email: string): Promise<void>;
  checkIn(): Promise<void>;
  deactivate(): Promise<void>;
  dismissFailure(): Promise<void>;
  diagnosticReport(): Promise<string>;
  /** My devices (issue 26 item 1): a fresh sign-in in the browser, then the user's own devices. */
  listMyDevices(email: string): Promise<MyDevicesResult>;
  /** Release one of them (same sign-in); answers the list after. */
  releaseMyDevice(activationId: string): Promise<MyDevicesResult>;
  /** From Failed after a release: that sign-in activates this device; state events follow. */
  retryAfterRelease(): Promise<void>;
  /** Calls back on every state change; returns the unsubscribe. */
  onState(listener: (state: ActivationState) => void): () => void;
  /** The managed settings in force and what was wrong with them (docs/managed-deployment.md). */
  getPolicy(): Promise<EffectivePolicy>;
  /** Calls back when the managed settings change (re-read while the app runs). */
  onPolicy(listener: (policy: EffectivePolicy) => void): () => void;
  /** The SSO step the app opens by itself (ActivateAtStart, a latchkey://activate link), once. */
  takeSsoPrompt(): Promise<SsoPrompt | null>;
  /** Calls back when such a step is waiting (then take it). */
  onSsoPrompt(listener: () => void): () => void;
}

/** The DesktopApi members that are subscriptions, not calls. */
export type DesktopSubscription = 'onState' | 'onPolicy' | 'onSsoPrompt';
