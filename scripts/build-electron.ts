// Builds what electron-builder packs (out/): the Electron main process and the
// sandboxed preload bundled by esbuild, and the renderer. The OS keychain
// binding stays a real module (native), and electron is Electron's own.
import { existsSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { buildRenderer } from './build-renderer.ts';

const root = new URL('../', import.meta.url);
const out = new URL('out/', root);
const external = ['electron', '@napi-rs/keyring'];

/**
 * The Electron binary to run, where one exists: LATCHKEY_ELECTRON, else the one the electron
 * package downloaded (node_modules/electron/path.txt). Undefined here, where the download is blocked.
 */
export function electronBinary(): string | undefined {
  if (process.env.LATCHKEY_ELECTRON) return process.env.LATCHKEY_ELECTRON;
  const pkg = new URL('node_modules/electron/', root);
  try {
    const binary = new URL(`dist/${readFileSync(new URL('path.txt', pkg), 'utf8').trim()}`, pkg).pathname;
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

export async function buildElectron(): Promise<string> {
  await buildRenderer(new URL('renderer/', out));
  await build({
    entryPoints: [new URL('main/electron/main.ts', root).pathname],
    outfile: new URL('electron/main.js', out).pathname,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: ['node22'],
    external,
    // Bundled CommonJS dependencies still call require().
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
  await build({
    entryPoints: [new URL('main/electron/preload.ts', root).pathname],
    outfile: new URL('electron/preload.cjs', out).pathname,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: ['node22'],
    external: ['electron'],
    logLevel: 'warning',
  });
  return out.pathname;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`Electron app built into ${await buildElectron()}`);
}
