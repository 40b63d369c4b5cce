// What electron-builder would pack: the bundled main process (out/electron/main.js)
// loads and wires the shell, run under plain Node with the electron module
// MOCKED (no Electron binary here) — catching bundling mistakes the unit tests
// of the sources cannot see.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { buildElectron } from '../../scripts/build-electron.ts';

test('the bundled main process starts the shell: window with the bundled renderer and preload, IPC, scheme (electron mocked)', async () => {
  const out = await buildElectron();
  const appData = mkdtempSync(join(tmpdir(), 'latchkey-bundle-'));
  const probe = `
    await import(${JSON.stringify(join(out, 'electron/main.js'))});
    const electron = await import(${JSON.stringify(new URL('../main/electron/electron-mock.ts', import.meta.url).href)});
    const window = electron.BrowserWindow.created[0];
    console.log(JSON.stringify({
      windows: electron.BrowserWindow.created.length,
      loaded: window?.loaded,
      preload: window?.options.webPreferences.preload,
      handlers: electron.ipcMain.handlers.size,
      schemes: electron.app.schemes.flat(),
    }));
    process.exit(0);`;
  try {
    const printed = execFileSync(
      process.execPath,
      [
        '--import',
        new URL('../main/electron/mock-electron-hook.ts', import.meta.url).pathname,
        '--input-type=module',
        '-e',
        probe,
      ],
      {
        env: { ...process.env, LATCHKEY_APP_DATA: appData, LATCHKEY_SERVER_URL: 'http://127.0.0.1:9' },
        encoding: 'utf8',
      },
    );
    const seen = JSON.parse(printed.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(seen).toEqual({
      windows: 1,
      loaded: join(out, 'renderer/index.html'),
      preload: join(out, 'electron/preload.cjs'),
      handlers: 9,
      schemes: ['com.latchkey.desktop'],
    });
  } finally {
    rmSync(appData, { recursive: true, force: true });
  }
});
