// Issue 25 items 4 and 5, end to end on loopback: the `latchkey` CLI (a real
// process) reaches the service through a PAC file that picks a real proxy
// requiring Basic auth, over HTTPS with a certificate from a private CA that
// only the test's temporary system store trusts (SSL_CERT_FILE); the service's
// name resolves only inside the proxy. The system browser goes through the
// proxy too, except to the app's loopback callback. Then each way it can fail,
// produced for real, with its catalog code.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProxyAgent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createPrivateCa,
  startCorpProxy,
  startPacServer,
  startTlsFront,
  type CorpProxy,
  type PacServer,
  type PrivateCa,
  type TlsFront,
} from '../../../../devtools/corporate-network.ts';
import { exitCodes } from '../../../../main/cli/exit-codes.ts';
import { isLoopbackHost } from '../../../../main/core/network/loopback.ts';
import { testDialects } from '../../../support/databases.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../../support/sso-world.ts';

const secretService = Boolean(process.env.LATCHKEY_TEST_SECRET_SERVICE);
const host = 'license.corp.test';
const proxyUser = { user: 'alice-proxy', password: 'p@ss:word' };

let world: SsoWorld;
let ca: PrivateCa;
let front: TlsFront;
let proxy: CorpProxy;
let openProxy: CorpProxy;
let pac: PacServer;
let scratch: string;
let caStore: string;
let emptyDir: string;
let serverUrl: string;
const realFetch = globalThis.fetch;

const pacFor = (proxyPort: number) =>
  `function FindProxyForURL(url, host) {
     if (dnsDomainIs(host, ".corp.test")) return "PROXY 127.0.0.1:${proxyPort}; DIRECT";
     return "DIRECT";
   }`;

beforeAll(async () => {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite');
  scratch = await mkdtemp(join(tmpdir(), 'latchkey-corp-'));
  ca = await createPrivateCa('Acme Inspection CA');
  // The temporary system store, the OpenSSL way: Node 24 reads SSL_CERT_FILE for
  // tls.getCACertificates('system') on Linux (checked: it holds exactly this CA then).
  caStore = join(scratch, 'system-store.pem');
  await writeFile(caStore, ca.cert);
  // …and SSL_CERT_DIR, else /etc/ssl/certs is read beside the file: an empty folder.
  emptyDir = join(scratch, 'no-certs');
  await mkdir(emptyDir);
  let servicePort = 0;
  front = await startTlsFront(host, ca, () => servicePort);
  serverUrl = `https://${host}:${front.port}`;
  const names = new Map([[host, front.port]]);
  proxy = await startCorpProxy({ auth: proxyUser, names });
  openProxy = await startCorpProxy({ names });
  pac = await startPacServer(pacFor(proxy.port));
  world = await startSsoWorld(sqlite, {
    env: { LATCHKEY_PUBLIC_URL: serverUrl, LATCHKEY_TRUST_PROXY: '127.0.0.1' },
  });
  servicePort = new URL(world.service.url).port ? Number(new URL(world.service.url).port) : 0;
  // The system browser on the same network: the proxy for the company's names (it trusts the
  // company's CA like the OS does), direct to loopback — where the app's callback listens.
  const browserProxy = new ProxyAgent({
    uri: `http://${proxyUser.user}:${encodeURIComponent(proxyUser.password)}@127.0.0.1:${proxy.port}`,
    requestTls: { ca: [ca.cert] },
    proxyTunnel: true,
  });
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (isLoopbackHost(url.hostname)) return realFetch(input, init);
    return undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: browserProxy,
    }) as unknown as Promise<Response>;
  }) as typeof fetch;
}, 60_000);

afterAll(async () => {
  globalThis.fetch = realFetch;
  await world?.close();
  await Promise.all([front?.close(), proxy?.close(), openProxy?.close(), pac?.close()]);
  await rm(scratch, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stderr: string;
  json: {
    phase?: string;
    failure?: { code: string; detail: string };
    checks?: { name: string; ok: boolean; detail: string }[];
  };
}

/** The CLI as a user runs it on the company's network; `env` is that computer's settings. */
function latchkey(
  args: string[],
  env: Record<string, string | undefined>,
  dataDir = join(scratch, 'device'),
  signInAs?: string,
): Promise<Run> {
  // This computer's settings only: none of the test runner's proxies or extra CAs.
  const outside = new Set(['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'NODE_EXTRA_CA_CERTS']);
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !outside.has(name.toUpperCase())),
  );
  const merged = {
    ...base,
    LATCHKEY_SERVER_URL: serverUrl,
    LATCHKEY_TRUST_ANCHOR: world.trustAnchorFile,
    ...env,
  };
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['main/cli/latchkey.ts', '--json', '--data-dir', dataDir, ...args],
      {
        env: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)),
      },
    );
    let stdout = '';
    let stderr = '';
    let browsing = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const link = /^(https:\/\/\S+\/oidc\/auth\S*)$/m.exec(stderr)?.[1];
      if (link && signInAs && !browsing) {
        browsing = true;
        void browse(link, signInAs);
      }
    });
    // A CLI that hangs fails the test with what it printed, not a test timeout.
    const killer = setTimeout(() => child.kill(), 25_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      let json: Run['json'] = {};
      try {
        json = JSON.parse(stdout) as Run['json'];
      } catch {
        // the assertions show stderr
      }
      resolve({ code, stderr, json });
    });
  });
}

const proxyWithCredentials = () =>
  `http://${proxyUser.user}:${encodeURIComponent(proxyUser.password)}@127.0.0.1:${proxy.port}`;

describe.skipIf(!secretService)(
  `through a PAC file, an authenticating proxy and a private CA${secretService ? '' : ' — skipped: no Secret Service session (run scripts/test.sh)'}`,
  () => {
    test('an SSO activation, doctor and a check-in succeed; the callback came back on loopback', async () => {
      const corporate = {
        LATCHKEY_PAC_URL: pac.url,
        // The PAC file names the proxy; its Basic credentials come from HTTPS_PROXY for that proxy.
        HTTPS_PROXY: proxyWithCredentials(),
        SSL_CERT_FILE: caStore,
        SSL_CERT_DIR: emptyDir,
      };
      const activated = await latchkey(
        ['activate', '--email', 'alice@acme.test', '--no-browser', '--timeout', '30s'],
        corporate,
        undefined,
        'alice@acme.test',
      );
      expect(activated.code, activated.stderr).toBe(0);
      expect(activated.json.phase).toBe('activated');
      // Every call of the app went through the proxy, authenticated, to the company's name.
      const appTunnels = proxy.tunnels.filter((t) => t.target === `${host}:${front.port}`);
      expect(appTunnels.length).toBeGreaterThan(0);
      expect(appTunnels.every((t) => t.authorized)).toBe(true);
      expect(front.requests).toEqual(
        expect.arrayContaining([
          'POST /api/v1/sso/discovery',
          'GET /oidc/.well-known/openid-configuration',
          'POST /api/v1/activations',
        ]),
      );
      // The browser's return to the app never met the proxy.
      expect(proxy.tunnels.some((t) => t.target.startsWith('127.0.0.1'))).toBe(false);

      const doctor = await latchkey(['doctor'], corporate);
      const network = doctor.json.checks?.find((c) => c.name === 'network');
      expect(network?.detail).toContain(`proxy http://alice-proxy:***@127.0.0.1:${proxy.port}`);
      expect(network?.detail).toContain(`LATCHKEY_PAC_URL ${pac.url}`);
      expect(network?.detail).toContain("CAs: the operating system's store (1)");
      expect(network?.detail).not.toContain(proxyUser.password);
      expect(doctor.json.checks?.find((c) => c.name === 'server')?.ok).toBe(true);

      const before = front.requests.length;
      const checkedIn = await latchkey(['check-in'], corporate);
      expect(checkedIn.code, checkedIn.stderr).toBe(0);
      expect(
        front.requests.slice(before).some((r) => /^POST \/api\/v1\/activations\/.+\/check-in$/.test(r)),
      ).toBe(true);
    }, 90_000);

    test('My devices goes the same way: the fresh sign-in and the list reach the service through the proxy', async () => {
      // Runs after the activation above (same data folder): the device is listed by its user.
      const corporate = {
        LATCHKEY_PAC_URL: pac.url,
        HTTPS_PROXY: proxyWithCredentials(),
        SSL_CERT_FILE: caStore,
        SSL_CERT_DIR: emptyDir,
      };
      const before = front.requests.length;
      const listed = await latchkey(['devices', '--no-browser'], corporate, undefined, 'alice@acme.test');
      expect(listed.code, listed.stderr).toBe(0);
      const devices = (listed.json as { devices?: { current?: boolean }[] }).devices ?? [];
      expect(devices.length).toBeGreaterThan(0);
      // The company's name resolves only inside the proxy: a direct call could not have reached it.
      expect(front.requests.slice(before)).toEqual(
        expect.arrayContaining(['GET /oidc/.well-known/openid-configuration']),
      );
      expect(front.requests.slice(before).some((r) => r.startsWith('GET /api/v1/my/devices'))).toBe(true);
    }, 90_000);
  },
);

/** An activation attempt that fails before the browser: the code it ends with and its detail. */
async function failure(env: Record<string, string | undefined>, server = serverUrl) {
  const run = await latchkey(
    ['activate', '--email', 'alice@acme.test', '--no-browser', '--timeout', '3s'],
    { LATCHKEY_SERVER_URL: server, ...env },
    join(scratch, `failing-${Math.random().toString(36).slice(2)}`),
  );
  expect(run.code, run.stderr).toBe(exitCodes.network);
  return run.json.failure ?? { code: 'none', detail: run.stderr };
}

// The activation checks the keychain before the network: these run with the Secret Service too.
describe.skipIf(!secretService)('each way the company network fails, with its code', () => {
  test('PROXY_UNREACHABLE: nothing listens where HTTPS_PROXY points', async () => {
    const shown = await failure({ HTTPS_PROXY: 'http://127.0.0.1:9', SSL_CERT_FILE: caStore });
    expect(shown.code).toBe('PROXY_UNREACHABLE');
    expect(shown.detail).toContain('http://127.0.0.1:9');
  });

  test('PROXY_AUTH_REQUIRED: the proxy answers 407 without credentials, and lets the same call through with them', async () => {
    const without = await failure({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, SSL_CERT_FILE: caStore });
    expect(without.code).toBe('PROXY_AUTH_REQUIRED');
    const wrong = await failure({
      HTTPS_PROXY: `http://${proxyUser.user}:nope@127.0.0.1:${proxy.port}`,
      SSL_CERT_FILE: caStore,
    });
    expect(wrong.code).toBe('PROXY_AUTH_REQUIRED');
    // The password is never shown, not even a wrong one.
    expect(wrong.detail).not.toContain('nope');
    const doctor = await latchkey(['doctor'], {
      HTTPS_PROXY: proxyWithCredentials(),
      SSL_CERT_FILE: caStore,
    });
    expect(doctor.json.checks?.find((c) => c.name === 'server')?.ok).toBe(true);
  });

  test('PROXY_REFUSED: the proxy cannot reach the host it is asked to tunnel to', async () => {
    const shown = await failure(
      { HTTPS_PROXY: `http://127.0.0.1:${openProxy.port}`, SSL_CERT_FILE: caStore },
      'https://nowhere.corp.test',
    );
    expect(shown.code).toBe('PROXY_REFUSED');
    expect(shown.detail).toMatch(/\(404\)/);
  });

  test('PAC_UNREADABLE: the PAC file is missing, or its script fails', async () => {
    const missing = await startPacServer(null);
    const broken = await startPacServer('function FindProxyForURL(url, host) { return undefinedThing(); }');
    try {
      const gone = await failure({ LATCHKEY_PAC_URL: missing.url, SSL_CERT_FILE: caStore });
      expect(gone.code).toBe('PAC_UNREADABLE');
      expect(gone.detail).toContain(`${missing.url} answered 404`);
      const failing = await failure({ LATCHKEY_PAC_URL: broken.url, SSL_CERT_FILE: caStore });
      expect(failing.code).toBe('PAC_UNREADABLE');
      expect(failing.detail).toMatch(/undefinedThing/);
      const down = await failure({ LATCHKEY_PAC_URL: 'http://127.0.0.1:9/proxy.pac' });
      expect(down.code).toBe('PAC_UNREADABLE');
    } finally {
      await Promise.all([missing.close(), broken.close()]);
    }
  });

  test('CERTIFICATE_NOT_TRUSTED: the CA is not in the system store, and the issuer is named', async () => {
    const emptyStore = join(scratch, 'empty-store.pem');
    await writeFile(emptyStore, '');
    const viaProxy = await failure({
      LATCHKEY_PAC_URL: pac.url,
      HTTPS_PROXY: proxyWithCredentials(),
      SSL_CERT_FILE: emptyStore,
    });
    expect(viaProxy.code).toBe('CERTIFICATE_NOT_TRUSTED');
    expect(viaProxy.detail).toContain('issued by "Acme Inspection CA"');
    // Direct (loopback) as well: the front's certificate also names 127.0.0.1.
    const direct = await failure({ SSL_CERT_FILE: emptyStore }, `https://127.0.0.1:${front.port}`);
    expect(direct.code).toBe('CERTIFICATE_NOT_TRUSTED');
    expect(direct.detail).toContain('Acme Inspection CA');
  });
});
