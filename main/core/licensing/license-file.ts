// The license as the app keeps it in its data folder: the signed license, a
// cache of the key certificates that vouch for its signing key, and where it
// came from. Nothing here adds trust: the certificates are checked against the
// app's built-in root every time (an old file's pinnedJwks is ignored). Not a secret (the
// credential that renews it lives in the OS keychain). Written atomically
// (temp file + rename), read back through a schema: a damaged file reads as
// no license, never as a crash.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { makeFolder } from './data-folder.ts';

const storedLicense = z.object({
  version: z.literal(1),
  serverUrl: z.url(),
  /** The license issuer, fixed at activation (the service's public URL + /api/v1). */
  issuer: z.url(),
  activationId: z.string().min(1),
  via: z.enum(['sso', 'key']),
  /**
   * The email typed for the activation. Only ever shown beside the holder ("You signed in as …"):
   * who holds the license comes from the signed license, never from this file the user can edit.
   * (Files from before kept a `licensedTo` here; it is ignored.)
   */
  requestedEmail: z.string().max(320).nullable().default(null),
  license: z.string().min(1),
  /** Key certificates (compact JWS by a root), a cache: verified against the built-in root on each use. */
  keyCertificates: z.array(z.string().min(1).max(8192)).max(32).default([]),
  lastCheckInAt: z.iso.datetime(),
  offline: z.boolean(),
});
export type StoredLicense = z.infer<typeof storedLicense>;

export class LicenseFile {
  readonly path: string;
  private readonly dataDir: string;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.path = join(dataDir, 'license.json');
  }

  async read(): Promise<StoredLicense | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      // No folder (or a path through a file): no license here; activation's preflight says why.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw err;
    }
    try {
      return storedLicense.parse(JSON.parse(text));
    } catch {
      return null;
    }
  }

  async write(license: StoredLicense): Promise<void> {
    await makeFolder(this.dataDir);
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(storedLicense.parse(license), null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.path);
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
