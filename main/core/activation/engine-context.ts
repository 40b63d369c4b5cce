// What the engine's flows share: its options, the one state, the license file,
// the keychain credentials, the pinning check and the renewal timer. Each flow
// module (SSO, key activation, renewal, offline, pinning, deactivation) takes it
// explicitly; only the engine builds it.
import type { EffectivePolicy } from '../../../common/desktop-policy.ts';
import type { ActivationHistory } from './history.ts';
import type { DeviceFacts, LicensingClient } from '../licensing/licensing-client.ts';
import type { ServiceFetch, ServiceNetwork } from '../network/service-fetch.ts';
import type { Credentials } from '../licensing/credentials.ts';
import type { LicenseFile } from '../licensing/license-file.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import type { EngineState } from './engine-state.ts';
import type { RenewalTimer } from './renewal-timer.ts';
import type { StoredLicenseCheck } from './stored-license-check.ts';

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
  /**
   * The way to the service (proxy, PAC, the OS's CAs): node-network.ts for the CLI, the session's
   * net.fetch in Electron. Absent: Node's own fetch, direct.
   */
  network?: ServiceNetwork;
  /** The managed settings in force now (they change while the app runs); none: the build's defaults. */
  policy?: () => EffectivePolicy;
  /** How long an activation waits for an admin's approval (0: not at all); default until the request ends. */
  approvalWaitMs?: number;
  /** The first gap between approval polls (tests); default the service's. */
  approvalPollMs?: number;
}

export interface EngineContext {
  readonly options: EngineOptions;
  readonly state: EngineState;
  readonly history: ActivationHistory;
  readonly file: LicenseFile;
  readonly credentials: Credentials;
  readonly licenseCheck: StoredLicenseCheck;
  readonly renewal: RenewalTimer;
  now(): Date;
  /** The server this device activates with (the stored license's, or the one named for the activation). */
  serverUrl(): string;
  /** The licensing API of a server, over the engine's network. */
  client(serverUrl: string): LicensingClient;
  readonly fetch: ServiceFetch;
}
