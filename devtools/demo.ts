// The README's run command (scripts/demo.sh → here): the whole chain on one
// machine. The account service in development mode with the dev IdP, a DNS
// server on loopback for the domain's TXT record, the demo account ready for
// activation (domain verified, IdP connected, users and groups pushed over
// SCIM, a 25-seat license), and the desktop app — Electron where its binary
// exists, otherwise webshell in the browser. Ctrl-C stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { systemClock } from '../backend/clock.ts';
import { seedDemo } from '../backend/cli/demo-seed.ts';
import { loadConfig } from '../backend/config.ts';
import { txtRecordFor } from '../backend/domains/txt-verifier.ts';
import { createLogger } from '../backend/log.ts';
import { startService } from '../backend/server.ts';
import { createDesktopEngine } from '../main/core/desktop-engine.ts';
import { loadTrustAnchor } from '../main/core/trust/trust-anchor.ts';
import { startBridgeServer, type BridgeServer } from '../main/webshell/bridge-server.ts';
import { buildElectron, electronBinary } from '../scripts/build-electron.ts';
import { buildConsole } from '../scripts/build-console.ts';
import { buildRenderer, rendererDist } from '../scripts/build-renderer.ts';
import { connectDevIdp } from './connect-dev-idp.ts';
import { ConsoleClient } from './console-client.ts';
import { startDnsServer } from './dns-server.ts';
import { writeQaEnv } from './qa-env.ts';

const root = resolve(import.meta.dirname, '..');
const dataRoot = resolve(process.env.LATCHKEY_DEMO_DATA ?? join(root, 'data'));
const dns = await startDnsServer();
const config = loadConfig({
  LATCHKEY_ENV: 'development',
  LATCHKEY_DEV_IDP: 'on',
  LATCHKEY_LOG_LEVEL: 'warn',
  LATCHKEY_DATA_DIR: dataRoot,
  ...process.env,
  LATCHKEY_DNS_SERVERS: dns.address,
});
// The admin console's bundle, served by the service at /console.
await buildConsole();
const service = await startService(config, createLogger(config.logLevel));
const { db } = service.deps.database;

// Every domain's TXT record is published on the demo's DNS server, so verification (and the
// periodic re-check) runs the real DNS path.
for (const d of await db.selectFrom('domains').select(['name', 'txt_token']).execute()) {
  const record = txtRecordFor(d.name, d.txt_token);
  dns.setTxt(record.host, [record.value]);
}

const seed = await seedDemo(service.deps.database, systemClock, process.env.LATCHKEY_DEMO_PASSWORD);
if (seed.created && seed.ownerPassword) {
  const owner = new ConsoleClient(service.url);
  const login = await owner.login(seed.ownerEmail, seed.ownerPassword);
  if (login.status !== 200) throw new Error(`demo owner login: ${login.status}`);
  await connectDevIdp(owner, dns, seed.ownerEmail);
}

const appDataDir = join(dataRoot, 'desktop-app');
const qaEnvFile = await writeQaEnv(dataRoot, service.url, service.trustAnchorFile);
const binary = electronBinary();

let electron: ChildProcess | undefined;
let webshell: BridgeServer | undefined;
let appLine: string;
if (binary) {
  await buildElectron();
  electron = spawn(binary, [join(root, 'out/electron/main.js')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      LATCHKEY_SERVER_URL: service.url,
      LATCHKEY_APP_DATA: appDataDir,
      // A development build: the app trusts the dev service's root by configuration.
      ...(service.trustAnchorFile && { LATCHKEY_TRUST_ANCHOR: service.trustAnchorFile }),
    },
  });
  appLine = `  desktop app:   Electron (its window opened; menu Latchkey → Account & License…)`;
} else {
  await buildRenderer();
  const tabs: { bridge?: BridgeServer } = {};
  const engine = await createDesktopEngine({
    dataDir: appDataDir,
    defaultServerUrl: service.url,
    trustAnchor: loadTrustAnchor({
      packaged: false,
      readBuiltIn: () => undefined,
      env: { LATCHKEY_TRUST_ANCHOR: service.trustAnchorFile },
    }),
    openBrowser: async (url) => tabs.bridge?.openInPage(url),
  });
  webshell = await startBridgeServer(engine, {
    rendererDir: rendererDist.pathname,
    port: Number(process.env.LATCHKEY_WEBSHELL_PORT ?? 8788),
  });
  tabs.bridge = webshell;
  await engine.start();
  appLine = `  desktop app:   ${webshell.url}   (webshell: no Electron binary on this machine; open it in a browser)`;
}

process.stdout.write(
  [
    '',
    `Latchkey demo: the whole chain is running.`,
    `  service:       ${service.url}   (health ${service.url}/healthz)`,
    `  dev IdP:       ${service.url}/dev-idp/metadata   (its login page lets you pick a user and a fault)`,
    `  SCIM:          ${service.url}/scim/v2`,
    `  account:       ${seed.accountId}  (Acme Corporation (demo), domain acme.test, 25 seats)`,
    `  admin console: ${service.url}/console   (sign in with the owner login; SSO: alice@acme.test)`,
    `  owner login:   ${seed.ownerEmail}${seed.ownerPassword ? ` / ${seed.ownerPassword}` : ' (password printed on the first run, or LATCHKEY_DEMO_PASSWORD)'}`,
    appLine,
    `  demo users:    alice@acme.test (desktop users + admins), bob@acme.test (desktop users),`,
    `                 carol@acme.test (no group: shows USER_NOT_IN_GROUP)`,
    `  QA CLI:        source ${relative(process.cwd(), qaEnvFile) || qaEnvFile}; latchkey doctor   (in another shell; then latchkey activate --email bob@acme.test --no-browser)`,
    `  QA scenarios:  npm run scenario -- --list`,
    `  data:          ${seed.created ? 'new' : 'reused from the last run'}: ${relative(process.cwd(), dataRoot) || dataRoot}   (rm -rf it to start over)`,
    'Press Ctrl-C to stop everything.',
    '',
  ].join('\n'),
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  electron?.kill('SIGTERM');
  await webshell?.close();
  await service.stop();
  await dns.close();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
electron?.once('exit', () => void stop());
