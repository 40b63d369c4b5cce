// Builds what electron-builder packs (out/): the Electron main process and the
// sandboxed preload bundled by esbuild, and the renderer. The OS keychain
// binding stays a real module (native), and electron is Electron's own.
import { build } from 'esbuild';
import { buildRenderer } from './build-renderer.ts';

const root = new URL('../', import.meta.url);
const out = new URL('out/', root);
const external = ['electron', '@napi-rs/keyring'];

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
