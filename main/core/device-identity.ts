// A stable device identity that never reveals the machine id: a keyed hash of
// it (the app's own salt), so the service can tell devices apart and nothing
// else. Where the machine id comes from depends on the OS.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

export type MachineIdSource = () => Promise<string>;

const run = promisify(execFile);

export const linuxMachineId: MachineIdSource = async () => {
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      const id = (await readFile(file, 'utf8')).trim();
      if (id) return id;
    } catch {
      // try the next place
    }
  }
  throw new Error('no machine id found (/etc/machine-id)');
};

/** The hardware UUID in `ioreg -rd1 -c IOPlatformExpertDevice` output. */
export function ioregPlatformUuid(stdout: string): string {
  const id = /"IOPlatformUUID" = "([0-9A-Fa-f-]{36})"/.exec(stdout)?.[1];
  if (!id) throw new Error('ioreg reported no IOPlatformUUID');
  return id;
}

/** The hardware UUID macOS reports (IOPlatformUUID). */
export const macMachineId: MachineIdSource = async () =>
  ioregPlatformUuid((await run('ioreg', ['-rd1', '-c', 'IOPlatformExpertDevice'])).stdout);

/** MachineGuid in `reg query HKLM\\SOFTWARE\\Microsoft\\Cryptography /v MachineGuid` output. */
export function regMachineGuid(stdout: string): string {
  const id = /MachineGuid\s+REG_SZ\s+([0-9A-Fa-f-]{36})/.exec(stdout)?.[1];
  if (!id) throw new Error('the registry holds no MachineGuid');
  return id;
}

/** Windows' MachineGuid from the registry. */
export const windowsMachineId: MachineIdSource = async () =>
  regMachineGuid(
    (await run('reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Cryptography', '/v', 'MachineGuid'])).stdout,
  );

export function machineIdSourceFor(platform: NodeJS.Platform): MachineIdSource {
  if (platform === 'darwin') return macMachineId;
  if (platform === 'win32') return windowsMachineId;
  return linuxMachineId;
}

const appSalt = 'latchkey-desktop-device-v1';

/** 43 url-safe characters: what the licensing API takes as deviceId. */
export async function deviceIdFrom(source: MachineIdSource): Promise<string> {
  const machineId = (await source()).trim();
  if (!machineId) throw new Error('the machine id is empty');
  return createHash('sha256').update(appSalt).update('\0').update(machineId).digest('base64url');
}
