// Builds what electron-builder packs (out/): the Electron main process and the
// sandboxed preload bundled by esbuild, the desktop dialogs (out/renderer/desktop/;
// the admin console is the service's, never packed), the `latchkey` CLI as a release
// bundle, and the build's trust anchor (out/trust-anchor.json, from
// LATCHKEY_TRUST_ANCHOR_FILE: the file `latchkey-server export-anchor` wrote).
// The OS keychain binding stays a real module (native), and electron is Electron's own.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { parseTrustAnchor } from '../main/core/trust/trust-anchor.ts';
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

export interface BuildOptions {
  /** The anchor file to build in (default $LATCHKEY_TRUST_ANCHOR_FILE). */
  trustAnchorFile?: string;
  /** A release (`npm run dist`): refuses to build without an anchor. */
  release?: boolean;
}

/**
 * Writes the anchor into the bundle, validated, so a packaged app trusts this root and no other
 * (DESIGN.md, "Trust"). Without one the bundle has none: a packaged app then trusts no license,
 * and a development run (`npm run app`, the demo) takes it from LATCHKEY_TRUST_ANCHOR.
 */
export function writeBuiltInAnchor(options: BuildOptions = {}): string | undefined {
  const target = new URL('trust-anchor.json', out);
  const source = options.trustAnchorFile ?? process.env.LATCHKEY_TRUST_ANCHOR_FILE ?? '';
  rmSync(target, { force: true });
  if (!source) {
    if (options.release)
      throw new Error(
        'a release build needs LATCHKEY_TRUST_ANCHOR_FILE (from `latchkey-server export-anchor`)',
      );
    return undefined;
  }
  const anchor = parseTrustAnchor(readFileSync(source, 'utf8'), 'built-in');
  writeFileSync(
    target,
    `${JSON.stringify({ version: 1, serviceUrl: anchor.serviceUrl, roots: anchor.roots, ...(anchor.allowManagedServiceUrl && { allowManagedServiceUrl: true }) }, null, 2)}\n`,
  );
  return target.pathname;
}

export async function buildElectron(options: BuildOptions = {}): Promise<string> {
  writeBuiltInAnchor(options);
  await buildRenderer(new URL('renderer/desktop/', out));
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
  // The CLI as shipped: a release build, so it reads only out/trust-anchor.json (configuration cannot switch that off).
  await build({
    entryPoints: [new URL('main/cli/latchkey.ts', root).pathname],
    outfile: new URL('cli/latchkey.js', out).pathname,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: ['node22'],
    external,
    define: { 'process.env.LATCHKEY_RELEASE_BUILD': '"1"' },
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
  // The PAC sandbox's interpreter (main/core/network/pac-file.ts reads it beside the bundle).
  copyFileSync(
    createRequire(import.meta.url).resolve('quickjs-wasi/quickjs.wasm'),
    new URL('cli/quickjs.wasm', out).pathname,
  );
  return out.pathname;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(
    `Electron app built into ${await buildElectron({ release: process.argv.includes('--release') })}`,
  );
}
