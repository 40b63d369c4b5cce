// Builds the activation engine for this computer: its data folder, device
// facts (hashed machine id, host name, OS, app version) and the OS keychain.
// The CLI, the webshell and the Electron shell all start here; so does the
// build's trust anchor (main/core/trust/trust-anchor.ts).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { homedir, hostname, release } from 'node:os';
import { join } from 'node:path';
import { ActivationEngine, type EngineOptions } from './activation/activation-engine.ts';
import { deviceIdFrom, machineIdSourceFor } from './device-identity.ts';
import { makeFolder } from './licensing/data-folder.ts';
import { createNodeNetwork } from './network/node-network.ts';
import { managedServiceUrl, openDesktopPolicy } from './policy/desktop-policy-store.ts';
import type { PolicyStore } from './policy/policy-store.ts';
import { osKeychain } from './secrets/os-keychain.ts';
import { anchorFileReader, loadTrustAnchor, type TrustAnchor } from './trust/trust-anchor.ts';

export const defaultServerUrl = 'http://127.0.0.1:8787';

export const appVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Where the app keeps its license file, per OS convention; LATCHKEY_APP_DATA overrides it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.LATCHKEY_APP_DATA) return env.LATCHKEY_APP_DATA;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Latchkey');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Latchkey');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'latchkey');
}

/**
 * A release build of the CLI: the bundler replaces this expression with "1"
 * (scripts/build-electron.ts), so configuration cannot turn it off. From the
 * sources it is a development build (setting the variable only adds strictness).
 */
export const isReleaseBuild = (): boolean => process.env.LATCHKEY_RELEASE_BUILD === '1';

/**
 * The anchor of this program: in a bundle, the trust-anchor.json written beside it at build
 * time (out/trust-anchor.json); in a development build, LATCHKEY_TRUST_ANCHOR may name one.
 */
export function defaultTrustAnchor(packaged = isReleaseBuild()): TrustAnchor {
  return loadTrustAnchor({
    packaged,
    readBuiltIn: anchorFileReader(new URL('../trust-anchor.json', import.meta.url)),
    env: process.env,
  });
}

/** The built-in service unless a development build is told another one. */
export function serverUrlFor(anchor: TrustAnchor, packaged: boolean): string {
  if (packaged && anchor.serviceUrl) return anchor.serviceUrl;
  return serverUrlFromEnv() ?? anchor.serviceUrl ?? defaultServerUrl;
}

/** LATCHKEY_SERVER_URL is input like the CLI's --server: a wrong one is refused, naming the variable. */
function serverUrlFromEnv(): string | undefined {
  const value = process.env.LATCHKEY_SERVER_URL;
  if (!value) return undefined;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw new TypeError(
      `LATCHKEY_SERVER_URL: must be an http(s) URL, like https://license.example.com (it is ${JSON.stringify(value.slice(0, 200))})`,
    );
  return value;
}

export type DesktopEngineOptions = Pick<EngineOptions, 'openBrowser'> &
  Partial<Omit<EngineOptions, 'openBrowser' | 'device'>> & {
    deviceName?: string;
    /** A packaged build (Electron's app.isPackaged; the CLI bundle): configuration is ignored. */
    packaged?: boolean;
    /** The managed settings (the app watches them); default: read once from this computer's stores. */
    policyStore?: PolicyStore;
  };

/**
 * The hashed machine id; where the OS has none (a bare container), a random
 * installation id kept in the data folder — stable for this installation only.
 */
async function deviceIdFor(dataDir: string): Promise<string> {
  // QA's second device on one machine: the id is hashed from this value instead. It grants
  // nothing a changed machine id would not: the service counts devices, whatever they claim.
  const stand = process.env.LATCHKEY_MACHINE_ID;
  if (stand) return deviceIdFrom(async () => stand);
  try {
    return await deviceIdFrom(machineIdSourceFor(process.platform));
  } catch {
    const file = join(dataDir, 'installation-id');
    const existing = await readFile(file, 'utf8').catch(() => '');
    if (existing.trim()) return deviceIdFrom(async () => existing);
    await makeFolder(dataDir);
    const id = randomBytes(16).toString('hex');
    await writeFile(file, id, { mode: 0o600 });
    return deviceIdFrom(async () => id);
  }
}

export async function createDesktopEngine(options: DesktopEngineOptions): Promise<ActivationEngine> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const { packaged = isReleaseBuild(), policyStore, ...engineOptions } = options;
  const trustAnchor = options.trustAnchor ?? defaultTrustAnchor(packaged);
  // A server named for this run (the CLI's --server) stands in for the build's: a stale variable is not read.
  const buildServerUrl = options.defaultServerUrl ?? serverUrlFor(trustAnchor, packaged);
  const policy =
    policyStore ?? (await openDesktopPolicy({ dataDir, packaged, anchor: trustAnchor, buildServerUrl }));
  // The CLI and the webshell: proxies, PAC (the organisation's first) and the OS's CAs the Node way;
  // Electron passes its session's. A changed ProxyPacURL applies at the next start.
  const managedPac = policy.current().values.ProxyPacURL.value;
  const network = options.network ?? createNodeNetwork(managedPac ? { proxy: { pacUrl: managedPac } } : {});
  return new ActivationEngine({
    dataDir,
    secrets: osKeychain,
    // A named server (the CLI's --server) first; then the organisation's, where the build allows one.
    defaultServerUrl: options.defaultServerUrl ?? managedServiceUrl(policy) ?? buildServerUrl,
    policy: () => policy.current(),
    ...engineOptions,
    network,
    trustAnchor,
    device: {
      deviceId: await deviceIdFor(dataDir),
      deviceName: options.deviceName ?? hostname(),
      os: `${process.platform} ${release()}`,
      appVersion,
    },
  });
}
