// Bundles the renderer (renderer/) for Electron and the webshell: renderer/dist/ holds
// index.html, styles.css and app.js (esbuild; React in production mode).
import { copyFile, mkdir } from 'node:fs/promises';
import { build } from 'esbuild';

const here = new URL('../renderer/', import.meta.url);
const out = new URL('dist/', here);

export async function buildRenderer(): Promise<string> {
  await mkdir(out, { recursive: true });
  await build({
    entryPoints: [new URL('main.tsx', here).pathname],
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
  for (const file of ['index.html', 'styles.css']) await copyFile(new URL(file, here), new URL(file, out));
  return out.pathname;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = await buildRenderer();
  console.log(`renderer built into ${dir}`);
}
