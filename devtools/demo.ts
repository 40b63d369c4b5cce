// The README's run command (scripts/demo.sh → here): the whole chain on one
// machine. The account service in development mode with the dev IdP, a DNS
// server on loopback for the domain's TXT record, the demo account ready for
// activation (domain verified, IdP connected, users and groups pushed over
// SCIM, a 25-seat license), a second account whose enterprise key works, and
// the desktop app — Electron where its binary exists, otherwise webshell in the
// browser. SIGINT, SIGTERM or SIGHUP stops everything (scripts/demo.sh sends
// SIGTERM to the whole process group).
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { systemClock } from '../backend/clock.ts';
import { seedDemo } from '../backend/cli/demo-seed.ts';
import { loadConfig } from '../backend/config.ts';
import { txtRecordFor } from '../backend/domains/txt-verifier.ts';
import { createLogger } from '../backend/log.ts';
import { startService, type RunningService } from '../backend/server.ts';
import { createDesktopEngine } from '../main/core/desktop-engine.ts';
import { loadTrustAnchor } from '../main/core/trust/trust-anchor.ts';
import { startBridgeServer, type BridgeServer } from '../main/webshell/bridge-server.ts';
import { buildElectron, electronBinary } from '../scripts/build-electron.ts';
import { buildConsole } from '../scripts/build-console.ts';
import { buildRenderer, rendererDist } from '../scripts/build-renderer.ts';
import { connectDevIdp } from './connect-dev-idp.ts';
import { ConsoleClient } from './console-client.ts';
import { readableLogStream } from './demo-log.ts';
import { demoScreen } from './demo-screen.ts';
import { startDnsServer } from './dns-server.ts';
import { startMailCatcher, type MailCatcher } from './mail-catcher.ts';
import { writeQaEnv } from './qa-env.ts';

const root = resolve(import.meta.dirname, '..');
const dataRoot = resolve(process.env.LATCHKEY_DEMO_DATA ?? join(root, 'data'));

// What is running, so far: a signal may come at any moment of the start.
const chain: {
  service?: RunningService;
  webshell?: BridgeServer;
  electron?: ChildProcess;
  dns?: Awaited<ReturnType<typeof startDnsServer>>;
  mail?: MailCatcher;
} = {};

let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    chain.electron?.kill('SIGTERM');
    await chain.webshell?.close();
    await chain.service?.stop();
    await chain.dns?.close();
    await chain.mail?.close();
  }
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(0));

/** A port another program holds: one line naming the variable that moves it, and exit 2. */
async function unlessPortBusy<T>(variable: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    process.stderr.write(
      `demo: port ${port} is in use by another program: stop it, or choose a free port with ${variable}=<port> bash scripts/demo.sh\n`,
    );
    return stop(2);
  }
}

const dns = await startDnsServer();
chain.dns = dns;
// The service's email (notifications, invitations) goes to the demo's mail catcher, whose page
// shows it; an SMTP server of your own in LATCHKEY_SMTP_URL wins.
const mailPort = Number(process.env.LATCHKEY_MAIL_CATCHER_PORT ?? 8790);
const mail = await unlessPortBusy('LATCHKEY_MAIL_CATCHER_PORT', mailPort, () => startMailCatcher(mailPort));
chain.mail = mail;
const config = loadConfig({
  LATCHKEY_ENV: 'development',
  LATCHKEY_DEV_IDP: 'on',
  LATCHKEY_LOG_LEVEL: 'warn',
  LATCHKEY_DATA_DIR: dataRoot,
  LATCHKEY_SMTP_URL: mail.smtpUrl,
  LATCHKEY_MAIL_FROM: 'Latchkey demo <latchkey@acme.test>',
  ...process.env,
  LATCHKEY_DNS_SERVERS: dns.address,
});
// The admin console's bundle, served by the service at /console.
await buildConsole();
const running = await unlessPortBusy('LATCHKEY_PORT', config.port, () =>
  startService(config, createLogger(config.logLevel, readableLogStream())),
);
chain.service = running;
const { db } = running.deps.database;

// Every domain's TXT record is published on the demo's DNS server, so verification (and the
// periodic re-check) runs the real DNS path.
for (const d of await db.selectFrom('domains').select(['name', 'txt_token']).execute()) {
  const record = txtRecordFor(d.name, d.txt_token);
  dns.setTxt(record.host, [record.value]);
}

const seed = await seedDemo(
  running.deps.database,
  systemClock,
  process.env.LATCHKEY_DEMO_PASSWORD || undefined,
);
if (seed.created && seed.ownerPassword) {
  const owner = new ConsoleClient(running.url);
  const login = await owner.login(seed.ownerEmail, seed.ownerPassword);
  if (login.status !== 200) throw new Error(`demo owner login: ${login.status}`);
  await connectDevIdp(owner, dns, seed.ownerEmail);
}

const appDataDir = join(dataRoot, 'desktop-app');
const qaEnvFile = await writeQaEnv(dataRoot, running.url, running.trustAnchorFile);
const binary = electronBinary();

let appLine: string;
if (binary) {
  await buildElectron();
  const electron = spawn(binary, [join(root, 'out/electron/main.js')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      LATCHKEY_SERVER_URL: running.url,
      LATCHKEY_APP_DATA: appDataDir,
      // A development build: the app trusts the dev service's root by configuration.
      ...(running.trustAnchorFile && { LATCHKEY_TRUST_ANCHOR: running.trustAnchorFile }),
    },
  });
  chain.electron = electron;
  electron.once('exit', () => void stop(0));
  appLine = `  desktop app:   Electron (its window opened; menu Latchkey → Account & License…)`;
} else {
  await buildRenderer();
  const tabs: { bridge?: BridgeServer } = {};
  const engine = await createDesktopEngine({
    dataDir: appDataDir,
    defaultServerUrl: running.url,
    trustAnchor: loadTrustAnchor({
      packaged: false,
      readBuiltIn: () => undefined,
      env: { LATCHKEY_TRUST_ANCHOR: running.trustAnchorFile },
    }),
    openBrowser: async (url) => tabs.bridge?.openInPage(url),
  });
  const port = Number(process.env.LATCHKEY_WEBSHELL_PORT ?? 8788);
  const webshell = await unlessPortBusy('LATCHKEY_WEBSHELL_PORT', port, () =>
    startBridgeServer(engine, { rendererDir: rendererDist.pathname, port }),
  );
  chain.webshell = webshell;
  tabs.bridge = webshell;
  await engine.start();
  appLine = `  desktop app:   ${webshell.url}   (webshell: no Electron binary on this machine; open it in a browser)`;
}

const mailLine = process.env.LATCHKEY_SMTP_URL
  ? `  email:         sent to LATCHKEY_SMTP_URL (yours); the catcher ${mail.webUrl} stays empty`
  : `  mail catcher:  ${mail.webUrl}   (every email the service sends: notifications, invitations)`;
process.stdout.write(demoScreen({ serviceUrl: running.url, seed, appLine, qaEnvFile, dataRoot, mailLine }));
