// The imported keys of DPoP proofs (backend/licensing/dpop-proof-keys.ts) are
// kept per header as sent, which anyone may vary: the cache stays within its
// bound, the key used last stays, and a header that fails its checks is kept
// nowhere.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { expect, test } from 'vitest';
import {
  cachedProofKeys,
  proofKeyCacheSize,
  proofKeyFor,
} from '../../../backend/licensing/dpop-proof-keys.ts';

const newJwk = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as Record<
    string,
    unknown
  >;

test('more distinct proof headers than the bound: the cache keeps the bound, the most recently used key stays', () => {
  const kept = newJwk();
  const keptKey = proofKeyFor('kept-header', () => kept);
  expect(keptKey?.key.equals(createPublicKey({ key: kept as never, format: 'jwk' }))).toBe(true);
  for (let i = 0; i < proofKeyCacheSize + 50; i++) {
    const jwk = newJwk();
    expect(proofKeyFor(`header-${i}`, () => jwk)).toBeDefined();
    // Used again now and then: never the oldest.
    if (i % 100 === 0) expect(proofKeyFor('kept-header', () => undefined)).toBe(keptKey);
  }
  expect(cachedProofKeys()).toBe(proofKeyCacheSize);
  expect(proofKeyFor('kept-header', () => undefined)).toBe(keptKey);
  // The first headers went: asked again, their check runs again.
  expect(proofKeyFor('header-0', () => undefined)).toBeUndefined();
});

test('a header whose JWK is no public P-256 key is refused and not kept', () => {
  const before = cachedProofKeys();
  const { d: _private, ...publicPart } = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export(
    {
      format: 'jwk',
    },
  ) as Record<string, unknown>;
  expect(proofKeyFor('with-private', () => ({ ...publicPart, d: _private }))).toBeUndefined();
  expect(
    proofKeyFor(
      'p-384',
      () =>
        generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' }) as Record<
          string,
          unknown
        >,
    ),
  ).toBeUndefined();
  expect(proofKeyFor('off-curve', () => ({ ...publicPart, y: publicPart.x }))).toBeUndefined();
  expect(cachedProofKeys()).toBe(before);
  expect(proofKeyFor('with-private', () => publicPart)).toBeDefined();
});
