// What electron-builder would pack: the bundled main process (out/electron/main.js)
// loads and wires the shell, run under plain Node with the electron module
// MOCKED (no Electron binary here) — catching bundling mistakes the unit tests
// of the sources cannot see.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { callChannels } from '../../main/electron/channels.ts';
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
      handlers: [...electron.ipcMain.handlers.keys()].sort(),
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
      loaded: join(out, 'renderer/desktop/index.html'),
      preload: join(out, 'electron/preload.cjs'),
      // One handler per DesktopApi call, as the channel table names them; the callback and invitation schemes.
      handlers: Object.values(callChannels).sort(),
      schemes: ['com.latchkey.desktop', 'latchkey'],
    });
    // The page the window loads is the built desktop dialogs' page, its bundle beside it.
    expect(readFileSync(join(out, 'renderer/desktop/index.html'), 'utf8')).toContain('src="./app.js"');
    expect(readFileSync(join(out, 'renderer/desktop/app.js'), 'utf8')).toContain('Account & License');
  } finally {
    rmSync(appData, { recursive: true, force: true });
  }
});

test('a release build carries its trust anchor: the bundled CLI uses the built-in root and service, and ignores a configured anchor', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-anchor-build-'));
  const anchor = (serviceUrl: string, kid: string) =>
    JSON.stringify({
      version: 1,
      serviceUrl,
      roots: [{ kty: 'OKP', crv: 'Ed25519', x: kid.padEnd(43, 'A').slice(0, 43), kid }],
    });
  try {
    const builtInFile = join(dir, 'built-in.json');
    writeFileSync(builtInFile, anchor('http://127.0.0.1:9', 'builtInRoot'));
    const out = await buildElectron({ trustAnchorFile: builtInFile });
    expect(JSON.parse(readFileSync(join(out, 'trust-anchor.json'), 'utf8')).roots[0].kid).toBe('builtInRoot');
    const printed = spawnSync(
      process.execPath,
      [join(out, 'cli/latchkey.js'), '--json', '--data-dir', join(dir, 'app'), 'doctor'],
      {
        env: {
          ...process.env,
          LATCHKEY_TRUST_ANCHOR: anchor('http://127.0.0.1:8', 'configuredRoot'),
          LATCHKEY_SERVER_URL: 'http://127.0.0.1:8',
          LATCHKEY_RELEASE_BUILD: '0',
        },
        encoding: 'utf8',
      },
    );
    const { checks } = JSON.parse(printed.stdout) as { checks: { name: string; detail: string }[] };
    const detail = (name: string) => checks.find((c) => c.name === name)?.detail;
    expect(detail('trust')).toBe('root of trust (built-in): builtInRoot for http://127.0.0.1:9');
    expect(detail('server')).toContain('http://127.0.0.1:9');
    // The packaged Electron app (app.isPackaged, electron mocked) reads the same built-in anchor.
    const page = pathToFileURL(join(out, 'renderer/desktop/index.html')).href;
    const probe = `
      const electron = await import(${JSON.stringify(new URL('../main/electron/electron-mock.ts', import.meta.url).href)});
      electron.app.isPackaged = true;
      await import(${JSON.stringify(join(out, 'electron/main.js'))});
      const report = await electron.ipcMain.handlers.get('latchkey:diagnostic-report')({ senderFrame: { url: ${JSON.stringify(page)} } });
      console.log(JSON.stringify(report));
      process.exit(0);`;
    const app = spawnSync(
      process.execPath,
      [
        '--import',
        new URL('../main/electron/mock-electron-hook.ts', import.meta.url).pathname,
        '--input-type=module',
        '-e',
        probe,
      ],
      {
        env: {
          ...process.env,
          LATCHKEY_APP_DATA: join(dir, 'electron-app'),
          LATCHKEY_TRUST_ANCHOR: anchor('http://127.0.0.1:8', 'configuredRoot'),
          LATCHKEY_SERVER_URL: 'http://127.0.0.1:8',
        },
        encoding: 'utf8',
      },
    );
    const report = JSON.parse(app.stdout.trim().split('\n').pop() ?? '""') as string;
    expect(report).toContain('root of trust: built-in builtInRoot for http://127.0.0.1:9');
    expect(report).toContain('server: http://127.0.0.1:9');
    // A release is refused without an anchor to build in.
    await expect(buildElectron({ release: true, trustAnchorFile: '' })).rejects.toThrow(
      /LATCHKEY_TRUST_ANCHOR_FILE/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
