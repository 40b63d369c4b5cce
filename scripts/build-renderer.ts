// Bundles the renderer (renderer/) for the webshell and Electron: the output
// folder holds index.html, styles.css and app.js (esbuild; React in production mode).
import { copyFile, mkdir } from 'node:fs/promises';
import { build } from 'esbuild';

const source = new URL('../renderer/', import.meta.url);
export const rendererDist = new URL('../renderer/dist/', import.meta.url);

export async function buildRenderer(out: URL = rendererDist): Promise<string> {
  await mkdir(out, { recursive: true });
  await build({
    entryPoints: [new URL('main.tsx', source).pathname],
    outfile: new URL('app.js', out).pathname,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) await copyFile(new URL(file, source), new URL(file, out));
  return out.pathname;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`renderer built into ${await buildRenderer()}`);
}
