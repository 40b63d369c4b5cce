// Electron's entry (bundled to out/electron/main.js by scripts/build-electron.ts).
import { fileURLToPath } from 'node:url';
import { startShell } from './shell.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

await startShell({ rendererIndex: here('../renderer/desktop/index.html'), preload: here('./preload.cjs') });
