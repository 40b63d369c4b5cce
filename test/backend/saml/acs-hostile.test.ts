// Unauthenticated posts to the ACS: whatever they hold is parsed only in the
// worker pool, after size and depth limits, and a refusal still ends the
// pending sign-in it claims to answer.
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { createDevIdpKeys } from '../../../backend/devidp/dev-idp-keys.ts';
import { buildLoginResponse } from '../../../backend/devidp/login-response.ts';
import { startSamlLogin } from '../../../backend/saml/authn-request.ts';
import { serviceProviderFor } from '../../../backend/saml/entities.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const idpEntityId = 'https://dev-idp.latchkey.test/metadata';

describeEachDatabase('ACS under hostile posts', (dialect) => {
  let service: TestService;
  let accountId: string;
  let owner: ConsoleClient;

  beforeAll(async () => {
    service = await startTestService(dialect);
    owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Acme', 'owner@acme.example', 'correct horse battery');
    await owner.login('owner@acme.example', 'correct horse battery');
    await owner.put('/api/console/integration/idp', {
      entityId: idpEntityId,
      ssoUrl: 'https://dev-idp.latchkey.test/sso',
      certificates: [(await createDevIdpKeys()).certificate],
    });
  });
  afterAll(async () => service?.close());

  const post = (xmlOrBase64: string, base64 = false) =>
    fetch(`${service.baseUrl}/saml/${accountId}/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        SAMLResponse: base64 ? xmlOrBase64 : Buffer.from(xmlOrBase64).toString('base64'),
      }).toString(),
      redirect: 'manual',
    });
  const lastCode = async () =>
    (
      await owner.get<{ attempts: { code: string | null; evidence: { detail?: string } }[] }>(
        '/api/console/activation-log',
      )
    ).body.attempts[0];

  test('a refused answer to a pending activation ends it with the code, and the main thread parses none of it', async () => {
    const deps = service.deps;
    const { requestId } = await startSamlLogin(
      deps.database.db,
      deps.clock,
      deps.config.publicUrl,
      { accountId, purpose: 'activation', email: 'alice@acme.example', interactionUid: 'interaction-1' },
      deps.masterKey,
    );
    const unsigned = await buildLoginResponse({
      keys: await createDevIdpKeys('Stranger'),
      entityId: idpEntityId,
      sp: serviceProviderFor(deps.config.publicUrl, accountId),
      requestId,
      user: { email: 'alice@acme.example', externalId: 'a', groups: [] },
      fault: 'unsigned',
    });
    const parse = vi.spyOn(DOMParser.prototype, 'parseFromString');
    try {
      const res = await post(unsigned, true);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/interaction/interaction-1/sso-done');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    const row = await deps.database.db
      .selectFrom('saml_requests')
      .select(['result_code'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(row.result_code).toBe('SAML_SIGNATURE_INVALID');
  });

  const response = (inner: string) =>
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">${inner}</samlp:Response>`;

  test('nesting deeper than the parser allows is refused as malformed, with a 400', async () => {
    const depth = 5000;
    const res = await post(
      response(`${'<samlp:Extensions>'.repeat(depth)}${'</samlp:Extensions>'.repeat(depth)}`),
    );
    expect(res.status).toBe(400);
    expect(await lastCode()).toMatchObject({ code: 'SAML_MALFORMED' });
  });

  test('a post with more elements than any real response has is refused before it is parsed', async () => {
    const res = await post(response(`<samlp:Extensions>${'<x/>'.repeat(25_000)}</samlp:Extensions>`));
    expect(res.status).toBe(400);
    expect(await lastCode()).toMatchObject({
      code: 'SAML_MALFORMED',
      evidence: { detail: expect.stringContaining('too many elements') },
    });
  });
});
