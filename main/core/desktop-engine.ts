// Builds the activation engine for this computer: its data folder, device
// facts (hashed machine id, host name, OS, app version) and the OS keychain.
// The CLI, the webshell and the Electron shell all start here.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir, hostname, release } from 'node:os';
import { join } from 'node:path';
import { ActivationEngine, type EngineOptions } from './activation/activation-engine.ts';
import { deviceIdFrom, machineIdSourceFor } from './device-identity.ts';
import { osKeychain } from './secrets/os-keychain.ts';

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

export type DesktopEngineOptions = Pick<EngineOptions, 'openBrowser'> &
  Partial<Omit<EngineOptions, 'openBrowser' | 'device'>> & { deviceName?: string };

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
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const id = randomBytes(16).toString('hex');
    await writeFile(file, id, { mode: 0o600 });
    return deviceIdFrom(async () => id);
  }
}

export async function createDesktopEngine(options: DesktopEngineOptions): Promise<ActivationEngine> {
  const dataDir = options.dataDir ?? defaultDataDir();
  return new ActivationEngine({
    dataDir,
    secrets: osKeychain,
    defaultServerUrl: process.env.LATCHKEY_SERVER_URL ?? defaultServerUrl,
    ...options,
    device: {
      deviceId: await deviceIdFor(dataDir),
      deviceName: options.deviceName ?? hostname(),
      os: `${process.platform} ${release()}`,
      appVersion,
    },
  });
}
