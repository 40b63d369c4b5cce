// The ACS verify pool's memory (issue 27 item 5): a worker's heap stays bounded
// however many responses it validates, and the cap still leaves room for the
// largest response the ACS accepts. Real workers, real signed responses.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDevIdpKeys, type DevIdpKeys } from '../../../backend/devidp/dev-idp-keys.ts';
import { buildLoginResponse } from '../../../backend/devidp/login-response.ts';
import { serviceProviderFor } from '../../../backend/saml/entities.ts';
import {
  closeVerifyPool,
  verifyInPool,
  verifyPoolThreads,
  verifyWorkerMemory,
} from '../../../backend/saml/verify-pool.ts';

const publicUrl = 'https://latchkey.test';
const accountId = '6f1c2b9e-2d0a-4f7e-9a51-3c8d7e5b1a20';
const entityId = 'https://dev-idp.latchkey.test/metadata';
const mib = (n: number) => n / 1048576;
let keys: DevIdpKeys;

beforeAll(async () => {
  keys = await createDevIdpKeys();
});
afterAll(closeVerifyPool);

async function signedResponse(groups: string[]): Promise<string> {
  const sp = serviceProviderFor(publicUrl, accountId);
  const user = { email: 'alice@acme.example', externalId: 'oid-alice', groups };
  return buildLoginResponse({ keys, entityId, sp, requestId: 'id-memory-test', user });
}

const verify = (samlResponse: string) =>
  verifyInPool({
    samlResponse,
    config: { certificates: JSON.stringify([keys.certificate]), require_signed_response: 0 },
    nowMs: Date.now(),
  });

test('a verify worker’s heap stays under 40 MiB over 600 validations (170 MiB uncapped, ~50 with a 16 MiB young generation)', async () => {
  const response = await signedResponse(['grp-desktop', 'grp-admins']);
  let largest = 0;
  for (let i = 1; i <= 600; i++) {
    const out = await verify(response);
    expect(out.ok).toBe(true);
    if (i % 50 === 0) largest = Math.max(largest, mib((await verifyWorkerMemory())?.heapTotal ?? 0));
  }
  expect(verifyPoolThreads()).toBeGreaterThan(0);
  expect(largest).toBeGreaterThan(0);
  expect(largest).toBeLessThan(40);
}, 120_000);

test('the largest signed response the ACS accepts (just under 512 KiB) still verifies inside the capped worker', async () => {
  const groups = Array.from({ length: 6000 }, (_, i) => `group-${i}`);
  const response = await signedResponse(groups);
  const xmlBytes = Buffer.from(response, 'base64').byteLength;
  expect(xmlBytes).toBeGreaterThan(400 * 1024);
  expect(xmlBytes).toBeLessThan(512 * 1024);
  for (let i = 0; i < 3; i++) {
    const out = await verify(response);
    expect(out.ok && out.assertion.attributes).toBeTruthy();
  }
}, 120_000);
