// A stable device identity that never reveals the machine id: a keyed hash of
// it (the app's own salt), so the service can tell devices apart and nothing
// else. The machine id source is a port; Linux's /etc/machine-id is built in.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export type MachineIdSource = () => Promise<string>;

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

const appSalt = 'latchkey-desktop-device-v1';

/** 43 url-safe characters: what the licensing API takes as deviceId. */
export async function deviceIdFrom(source: MachineIdSource): Promise<string> {
  const machineId = (await source()).trim();
  if (!machineId) throw new Error('the machine id is empty');
  return createHash('sha256').update(appSalt).update('\0').update(machineId).digest('base64url');
}
