// Development only (demo, webshell, tests): the dev service writes its trust
// anchor into its data folder, so a development app build can be pointed at it
// by configuration (LATCHKEY_TRUST_ANCHOR). Release builds embed theirs at
// build time (`export-anchor`, scripts/build-electron.ts) and ignore this.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/types.ts';
import { exportAnchor } from './trust-roots.ts';

export async function writeDevelopmentAnchor(db: Db, serviceUrl: string, dataDir: string): Promise<string> {
  const file = join(dataDir, 'trust-anchor.json');
  const temp = `${file}.${process.pid}.tmp`;
  await mkdir(dataDir, { recursive: true });
  await writeFile(temp, `${JSON.stringify(await exportAnchor(db, serviceUrl), null, 2)}\n`, { mode: 0o644 });
  await rename(temp, file);
  return file;
}
