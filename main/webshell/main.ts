#!/usr/bin/env node
// latchkey-webshell: the app's dialogs in a browser tab, against the real
// activation core on this machine. Prints its URL; Ctrl-C stops it.
import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createInterface } from 'node:readline';
import { createDesktopSession } from '../core/desktop-session.ts';
import { openSystemBrowser } from '../core/system-browser.ts';
import { startBridgeServer, type BridgeServer } from './bridge-server.ts';
import { rendererDist } from './renderer-dist.ts';

const program = new Command('latchkey-webshell')
  .description('serve the Account & License dialogs to a browser, driving the activation core')
  .option('--port <port>', 'port on 127.0.0.1 (0 = any free one)', (v) => int(v, 0, 65535), 0)
  .option('--server <url>', 'license server (default $LATCHKEY_SERVER_URL)')
  .option('--data-dir <dir>', 'where the license file lives (default: the OS app-data folder)')
  .addOption(
    new Option('--browser <where>', 'where sign-in opens: a new tab of the page, or the system browser')
      .choices(['page', 'system'])
      .default('page'),
  )
  .option('--sign-in-timeout <seconds>', 'give up waiting for the browser after this long', (v) =>
    int(v, 1, 3600),
  )
  .option('--open', 'open the page in the system browser', false)
  .option(
    '--open-url <url>',
    'a URL the app was opened with, as the OS hands it over (latchkey://activate?email=…); more arrive one per line on stdin with --urls-on-stdin',
  )
  .option(
    '--urls-on-stdin',
    'read further opened URLs from stdin, one per line (a second instance’s, for QA)',
    false,
  );

function int(value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be ${min}–${max}`);
  return n;
}

const opts = program.parse().opts<{
  port: number;
  server?: string;
  dataDir?: string;
  browser: 'page' | 'system';
  signInTimeout?: number;
  open: boolean;
  openUrl?: string;
  urlsOnStdin: boolean;
}>();

// The bridge starts after the engine, which needs the page's opener: a holder joins them.
const tabs: { bridge?: BridgeServer } = {};
const session = await createDesktopSession({
  openBrowser: async (url) =>
    opts.browser === 'system' ? openSystemBrowser(url) : tabs.bridge?.openInPage(url),
  ...(opts.server && { defaultServerUrl: opts.server }),
  ...(opts.dataDir && { dataDir: opts.dataDir }),
  ...(opts.signInTimeout && { signInTimeoutMs: opts.signInTimeout * 1000 }),
});
const { engine } = session;
const rendererDir = rendererDist.pathname;
if (!existsSync(`${rendererDir}index.html`)) {
  console.error(
    'latchkey-webshell: the renderer is not built; run `npm run build:renderer` (or `npm run webshell`)',
  );
  process.exit(2);
}
const bridge = await startBridgeServer(engine, {
  rendererDir,
  port: opts.port,
  session,
});
tabs.bridge = bridge;
await session.start();
if (opts.openUrl) session.openUrl(opts.openUrl);
if (opts.urlsOnStdin)
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim()) session.openUrl(line.trim());
  });
console.log(`Latchkey webshell: ${bridge.url}`);
if (opts.open) await openSystemBrowser(bridge.url);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    session.close();
    void bridge.close().then(() => process.exit(0));
  });
