// Bundles the desktop dialogs (renderer/desktop/) for the webshell and Electron: the
// output folder holds index.html, styles.css and app.js (esbuild; React in production
// mode). The admin console, the other product under renderer/, is scripts/build-console.ts.
import { copyFile, mkdir } from 'node:fs/promises';
import { build } from 'esbuild';
import { rendererDist } from '../main/webshell/renderer-dist.ts';
import { browserBundle } from './browser-bundle.ts';

const source = new URL('../renderer/desktop/', import.meta.url);
export { rendererDist };

export async function buildRenderer(out: URL = rendererDist): Promise<string> {
  await mkdir(out, { recursive: true });
  await build(browserBundle(new URL('main.tsx', source), new URL('app.js', out)));
  for (const file of ['index.html', 'styles.css']) await copyFile(new URL(file, source), new URL(file, out));
  return out.pathname;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`desktop dialogs built into ${await buildRenderer()}`);
}
