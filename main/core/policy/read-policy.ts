// Reads every policy store of this computer, and the user's own settings file, into
// raw policies. A store that is not there is no policy; one that cannot be read is
// reported (and ignored), never a crash.
import { readFile } from 'node:fs/promises';
import type { PolicySource } from '../../../common/desktop-policy.ts';
import { parsePolicyJson } from './json-store.ts';
import { parsePlist } from './plist-store.ts';
import type { PolicyLocation } from './policy-locations.ts';
import type { RawPolicy } from './raw-policy.ts';
import { decodeRegFile, parseRegFile, queryRegistry, registryHives } from './registry-store.ts';

export async function readPolicyStores(
  locations: PolicyLocation[],
  userSettingsFile: string | null,
): Promise<RawPolicy[]> {
  const all: PolicyLocation[] = [...locations];
  if (userSettingsFile) all.push({ source: 'user-settings', kind: 'json', where: userSettingsFile });
  const read = await Promise.all(all.map(readStore));
  return read.filter((r): r is RawPolicy => r !== null);
}

async function readStore(location: PolicyLocation): Promise<RawPolicy | null> {
  const { source, where } = location;
  try {
    const values = await valuesAt(location);
    return values ? { source, where, values } : null;
  } catch (err) {
    return { source, where, error: `${where}: ${(err as Error).message}` };
  }
}

async function valuesAt(location: PolicyLocation): Promise<Map<string, unknown> | null> {
  if (location.kind === 'registry') return queryRegistry(location.hive);
  const bytes = await readFile(location.where).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  });
  if (!bytes) return null;
  switch (location.kind) {
    case 'plist':
      return parsePlist(bytes);
    case 'json':
      return parsePolicyJson(bytes.toString('utf8'));
    case 'reg-file':
      return parseRegFile(decodeRegFile(bytes), hiveOf(location.source));
  }
}

const hiveOf = (source: PolicySource) =>
  source === 'managed-user' ? registryHives.user : registryHives.machine;
