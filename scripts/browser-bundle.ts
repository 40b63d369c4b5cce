// The esbuild options both browser bundles share (the desktop renderer and the
// admin console): one ESM file for Chromium, React in production mode.
import type { BuildOptions } from 'esbuild';

export function browserBundle(entry: URL, outfile: URL): BuildOptions {
  return {
    entryPoints: [entry.pathname],
    outfile: outfile.pathname,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  };
}
