// main/electron's network with the electron module MOCKED (its binary cannot be
// downloaded here): the session is given the organisation's PAC URL and never a
// rule that would send loopback through a proxy; the core's route is what the
// session's resolveProxy answers; Chromium's net errors become the catalog's
// codes; and where local listeners are forbidden the sign-in returns through the
// private-use scheme (issue 25 items 4 and 5).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ActivationEngine } from '../../../main/core/activation/activation-engine.ts';
import { failureFromChromium } from '../../../main/core/network/chromium-failure.ts';
import { testDialects } from '../../support/databases.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.ts'));
const electron = await import('./electron-mock.ts');
const { startShell } = await import('../../../main/electron/shell.ts');

const paths = {
  rendererIndex: '/app/out/renderer/desktop/index.html',
  preload: '/app/out/electron/preload.cjs',
};
const secretService = Boolean(process.env.LATCHKEY_TEST_SECRET_SERVICE);
let world: SsoWorld | undefined;
let engine: ActivationEngine | undefined;

beforeAll(async () => {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite');
  world = await startSsoWorld(sqlite);
  process.env.LATCHKEY_SERVER_URL = world.service.baseUrl;
  process.env.LATCHKEY_TRUST_ANCHOR = world.trustAnchorFile;
  engine = await startShell(paths, {
    proxy: { pacUrl: 'http://wpad.corp.test/proxy.pac' },
    localListenersAllowed: false,
  });
  delete process.env.LATCHKEY_SERVER_URL;
  delete process.env.LATCHKEY_TRUST_ANCHOR;
}, 60_000);
afterAll(async () => {
  engine?.close();
  await world?.close();
});

describe('Electron session network (electron module mocked: no Electron binary on this machine)', () => {
  test("the managed PAC URL goes to the session, loopback stays Chromium's implicit bypass, and doctor's route is resolveProxy's answer", async () => {
    expect(electron.session.defaultSession.proxyConfigs).toEqual([
      { mode: 'pac_script', pacScript: 'http://wpad.corp.test/proxy.pac' },
    ]);
    expect(JSON.stringify(electron.session.defaultSession.proxyConfigs)).not.toContain('<-loopback>');
    electron.session.defaultSession.resolvedProxy = 'PROXY proxy.corp.test:3128';
    expect(await engine?.network.routeFor('https://license.example.com')).toEqual({
      proxy: 'PROXY proxy.corp.test:3128',
      via: 'the managed PAC file http://wpad.corp.test/proxy.pac',
      caSource: "the operating system's store (Chromium)",
    });
  });

  test.skipIf(!secretService)(
    'local listeners forbidden: the browser is sent with the private-use scheme as redirect_uri, no loopback port',
    async () => {
      const opened = electron.shell.opened.length;
      const done = engine?.startSso('alice@acme.test');
      await vi.waitFor(() => expect(electron.shell.opened.length).toBe(opened + 1), { timeout: 10_000 });
      const authorization = new URL(electron.shell.opened.at(-1) ?? '');
      expect(authorization.searchParams.get('redirect_uri')).toBe('com.latchkey.desktop:/callback');
      engine?.cancel();
      await done;
    },
  );
});

test("Chromium's net errors from net.fetch are the catalog's network codes, naming the proxy", () => {
  const url = 'https://license.example.com/api/v1/jwks';
  const proxy = 'PROXY proxy.corp.test:3128';
  const cases: [string, string | null][] = [
    ['net::ERR_PROXY_CONNECTION_FAILED', 'PROXY_UNREACHABLE'],
    ['net::ERR_TUNNEL_CONNECTION_FAILED', 'PROXY_REFUSED'],
    ['net::ERR_PROXY_AUTH_UNSUPPORTED', 'PROXY_AUTH_REQUIRED'],
    ['net::ERR_PAC_SCRIPT_FAILED', 'PAC_UNREADABLE'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'CERTIFICATE_NOT_TRUSTED'],
    ['net::ERR_CONNECTION_REFUSED', null],
    ['net::ERR_CONSTRUCTOR', null],
  ];
  for (const [message, code] of cases) {
    const failure = failureFromChromium(new Error(message), url, proxy);
    expect(failure?.code ?? null, message).toBe(code);
    if (failure) expect(failure.message).toContain('via PROXY proxy.corp.test:3128');
  }
  expect(
    failureFromChromium(new Error('net::ERR_PROXY_CONNECTION_FAILED'), url, 'DIRECT')?.message,
  ).not.toContain('via');
});
