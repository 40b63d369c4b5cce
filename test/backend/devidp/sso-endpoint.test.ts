// The dev IdP's SSO endpoint takes what a browser brings and answers bad
// input with a 400 that says what is wrong, never a 500.
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestService, type TestService } from '../../support/service.ts';
import { testDialects } from '../../support/databases.ts';

let service: TestService;
beforeAll(async () => {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite');
  service = await startTestService(sqlite, { mode: 'development', env: { LATCHKEY_DEV_IDP: 'on' } });
});
afterAll(async () => service?.close());

const sso = (samlRequest: string) =>
  fetch(`${service.baseUrl}/dev-idp/sso?${new URLSearchParams({ SAMLRequest: samlRequest })}`);

test('GET /dev-idp/sso with a SAMLRequest that is not deflated → 400 naming the field, not a 500', async () => {
  const plain = Buffer.from(
    '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>',
  ).toString('base64');
  const res = await sso(plain);
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  expect(body.error.field).toBe('SAMLRequest');
  expect(body.error.message).toMatch(/DEFLATE/);
});

test('GET /dev-idp/sso with a deflated document that is no AuthnRequest of this service → 400', async () => {
  const res = await sso(deflateRawSync(Buffer.from('<hello/>')).toString('base64'));
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { field?: string } }).error.field).toBe('SAMLRequest');
});
