// A fresh `npm ci` (npm 11.16+) warns "install scripts not yet covered by allowScripts" for every
// dependency with an install script that package.json's allowScripts does not name — and npm 12
// will skip those scripts (better-sqlite3 would then have no native build). Every such package
// in the lockfile is named, so the install is quiet and keeps working.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

interface Manifest {
  name?: string;
  version?: string;
  scripts?: Record<string, string>;
}

/** npm's rule: preinstall/install/postinstall, or a binding.gyp without them (node-gyp rebuild). */
function hasInstallScript(dir: string, manifest: Manifest): boolean {
  const s = manifest.scripts ?? {};
  return Boolean(s.preinstall || s.install || s.postinstall) || existsSync(join(dir, 'binding.gyp'));
}

test('every installed dependency with an install script is named in package.json allowScripts', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    allowScripts?: Record<string, boolean>;
  };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; optional?: boolean }>;
  };
  const allowed = new Map(Object.entries(pkg.allowScripts ?? {}));
  const uncovered: string[] = [];
  let checked = 0;
  for (const path of Object.keys(lock.packages)) {
    if (!path.startsWith('node_modules/')) continue;
    const dir = join(root, path);
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue; // an optional package for another platform
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    checked += 1;
    if (!hasInstallScript(dir, manifest)) continue;
    const name = manifest.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!allowed.has(name) && !allowed.has(`${name}@${manifest.version}`))
      uncovered.push(`${name}@${manifest.version}`);
  }
  expect(checked).toBeGreaterThan(100);
  expect(uncovered).toEqual([]);
});
