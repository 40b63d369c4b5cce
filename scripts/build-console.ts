// Bundles the admin console (renderer/console/) for the service, which serves
// it at /console (backend/console/bundle-routes.ts): index.html, and under
// assets/ console.js and console.css (esbuild; React in production mode).
import { copyFile, mkdir } from 'node:fs/promises';
import { build } from 'esbuild';
import { browserBundle } from './browser-bundle.ts';

const source = new URL('../renderer/console/', import.meta.url);
export const consoleDist = new URL('../renderer/console/dist/', import.meta.url);

export async function buildConsole(out: URL = consoleDist): Promise<string> {
  await mkdir(out, { recursive: true });
  await build(browserBundle(new URL('main.tsx', source), new URL('console.js', out)));
  await copyFile(new URL('index.html', source), new URL('index.html', out));
  await copyFile(new URL('console.css', source), new URL('console.css', out));
  return out.pathname;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`console built into ${await buildConsole()}`);
}
