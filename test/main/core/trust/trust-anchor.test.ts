// Where the app's root of trust comes from: a packaged build only from the
// anchor built into it; a development build may be configured (DESIGN.md, "Trust").
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { anchorFileReader, loadTrustAnchor } from '../../../../main/core/trust/trust-anchor.ts';

let dir: string;
let builtIn: string;
let configured: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-anchor-'));
  const anchor = async (serviceUrl: string, kid: string) =>
    JSON.stringify({
      version: 1,
      serviceUrl,
      roots: [{ ...(await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).publicKey)), kid }],
    });
  builtIn = await anchor('https://license.example.com/', 'built-in-root');
  configured = await anchor('http://127.0.0.1:8787', 'configured-root');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const kids = (a: { roots: { kid?: string }[] }) => a.roots.map((r) => r.kid);

test('a packaged build ignores a configured anchor: only the built-in root and service count', () => {
  const anchor = loadTrustAnchor({
    packaged: true,
    readBuiltIn: () => builtIn,
    env: { LATCHKEY_TRUST_ANCHOR: configured },
  });
  expect([anchor.source, anchor.serviceUrl, kids(anchor)]).toEqual([
    'built-in',
    'https://license.example.com',
    ['built-in-root'],
  ]);
});

test('a packaged build without a built-in anchor trusts nothing, even when one is configured', () => {
  const anchor = loadTrustAnchor({
    packaged: true,
    readBuiltIn: () => undefined,
    env: { LATCHKEY_TRUST_ANCHOR: configured },
  });
  expect([anchor.source, anchor.roots]).toEqual(['none', []]);
  expect(anchor.problem).toMatch(/no root of trust/);
});

test('a development build takes the configured anchor (inline JSON or a file), else the built-in one', async () => {
  const file = join(dir, 'anchor.json');
  await writeFile(file, configured);
  for (const value of [configured, file]) {
    const anchor = loadTrustAnchor({
      packaged: false,
      readBuiltIn: () => builtIn,
      env: { LATCHKEY_TRUST_ANCHOR: value },
    });
    expect([anchor.source, kids(anchor)]).toEqual(['configuration', ['configured-root']]);
  }
  const fallback = loadTrustAnchor({ packaged: false, readBuiltIn: () => builtIn, env: {} });
  expect(kids(fallback)).toEqual(['built-in-root']);
  const nothing = loadTrustAnchor({
    packaged: false,
    readBuiltIn: anchorFileReader(join(dir, 'missing.json')),
    env: {},
  });
  expect([nothing.source, nothing.problem]).toEqual(['none', expect.stringMatching(/LATCHKEY_TRUST_ANCHOR/)]);
});

test('a broken or unsafe anchor fails closed with the reason: not JSON, a non-Ed25519 root, a private key inside', async () => {
  const root = JSON.parse(configured).roots[0];
  const cases: [string, RegExp][] = [
    ['{"version":1,', /not JSON/],
    [
      JSON.stringify({ version: 1, serviceUrl: 'http://x.test', roots: [{ ...root, crv: 'P-256' }] }),
      /invalid/,
    ],
    [JSON.stringify({ version: 1, serviceUrl: 'http://x.test', roots: [] }), /invalid/],
    [
      JSON.stringify({ version: 1, serviceUrl: 'http://x.test', roots: [{ ...root, d: root.x }] }),
      /private key/,
    ],
    [join(dir, 'no-such-anchor.json'), /ENOENT/],
  ];
  for (const [value, reason] of cases) {
    const anchor = loadTrustAnchor({
      packaged: false,
      readBuiltIn: () => builtIn,
      env: { LATCHKEY_TRUST_ANCHOR: value },
    });
    expect([anchor.source, anchor.roots.length], value).toEqual(['none', 0]);
    expect(anchor.problem, value).toMatch(reason);
  }
});
