// The CLI's network (main/core/network/node-network.ts) with real servers on
// loopback: which proxy each URL takes and why, loopback never proxied whatever
// the settings say (issue 25 item 5: the sign-in's callback), NO_PROXY, and a
// proxy password that is never shown.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  startCorpProxy,
  startPacServer,
  type CorpProxy,
  type PacServer,
} from '../../../../devtools/corporate-network.ts';
import { createNodeNetwork } from '../../../../main/core/network/node-network.ts';

let local: Server;
let localUrl: string;
let proxy: CorpProxy;
let pac: PacServer;

beforeAll(async () => {
  local = createServer((_req, res) => res.end('callback page'));
  await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
  localUrl = `http://127.0.0.1:${(local.address() as AddressInfo).port}/callback?code=c`;
  proxy = await startCorpProxy();
  // A PAC file that sends everything, loopback included, to the proxy.
  pac = await startPacServer(
    `function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:${proxy.port}"; }`,
  );
});
afterAll(async () => {
  local.closeAllConnections();
  await new Promise((resolve) => local.close(resolve));
  await Promise.all([proxy.close(), pac.close()]);
});

test('a proxy for everything (PAC and HTTPS_PROXY/HTTP_PROXY, no NO_PROXY): loopback still goes direct, the rest through the proxy', async () => {
  const network = createNodeNetwork({
    env: { LATCHKEY_PAC_URL: pac.url, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
  });
  for (const url of [
    localUrl,
    localUrl.replace('127.0.0.1', 'localhost'),
    'http://[::1]:1/x',
    'http://127.1.2.3/',
  ])
    expect(await network.routeFor(url), url).toMatchObject({
      proxy: 'DIRECT',
      via: 'loopback (never proxied)',
    });
  const answer = await network.fetch(localUrl);
  expect(await answer.text()).toBe('callback page');
  expect(proxy.tunnels).toEqual([]);
  expect(await network.routeFor('https://license.example.com')).toMatchObject({
    proxy: `http://127.0.0.1:${proxy.port}`,
    via: `LATCHKEY_PAC_URL ${pac.url}`,
  });
});

test("the managed PAC URL wins over the user's variables; NO_PROXY exempts hosts and subdomains; the password is never shown", async () => {
  const managed = createNodeNetwork({
    env: { LATCHKEY_PAC_URL: 'http://127.0.0.1:9/user.pac', HTTPS_PROXY: 'http://127.0.0.1:9' },
    proxy: { pacUrl: pac.url },
  });
  expect((await managed.routeFor('https://license.example.com')).via).toBe(`the managed PAC file ${pac.url}`);

  const env = createNodeNetwork({
    env: { https_proxy: 'http://me:s3cret%21@proxy.corp.test:3128', NO_PROXY: 'intranet.test, .corp.test' },
  });
  const proxied = await env.routeFor('https://license.example.com');
  expect(proxied).toMatchObject({ proxy: 'http://me:***@proxy.corp.test:3128', via: 'HTTPS_PROXY' });
  expect(JSON.stringify(proxied)).not.toContain('s3cret');
  for (const url of ['https://intranet.test', 'https://app.intranet.test', 'https://license.corp.test'])
    expect(await env.routeFor(url), url).toMatchObject({ proxy: 'DIRECT', via: 'NO_PROXY' });
  expect((await env.routeFor('https://notintranet.test')).proxy).not.toBe('DIRECT');
  expect(proxied.caSource).toMatch(/^the operating system's store \(\d+\) \+ Node's bundled Mozilla list/);
});
