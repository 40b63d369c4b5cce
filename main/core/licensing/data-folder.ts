// The app's data folder (license.json, the installation id): made one level at
// a time, and probed before an activation asks for anything.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * `mkdir -p` that always ends. Node's `mkdir(dir, { recursive: true })` never
 * returns for a path like /proc/nope: the kernel answers ENOENT although the
 * parent exists, and Node walks up and down again forever at full CPU. Here
 * each missing level is created once, top down; the first refusal is final.
 */
export async function makeFolder(dir: string, mode = 0o700): Promise<void> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    const found = await stat(current).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (found?.isDirectory()) break;
    if (found)
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), { code: 'ENOTDIR' });
    const parent = dirname(current);
    missing.push(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder, { mode });
    } catch (err) {
      // Another process made it in between: fine, when it is a folder.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(folder)).isDirectory()) throw err;
    }
  }
}

/**
 * Can the app keep a license in `dir`? Creates it if needed, then writes and
 * removes a probe file: a folder that exists is no proof it can be written
 * (read-only mount, another user's folder, a full disk). Returns why not, or null.
 */
export async function dataFolderProblem(dir: string): Promise<string | null> {
  try {
    await makeFolder(dir);
    const probe = join(dir, `.probe-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await writeFile(probe, 'probe', { mode: 0o600, flag: 'wx' });
    } finally {
      await rm(probe, { force: true });
    }
    return null;
  } catch (err) {
    return `the data folder ${dir} cannot be written: ${(err as Error).message}`;
  }
}
