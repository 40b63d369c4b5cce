// Step 4's SAML options: every option the view shows can be set (validated,
// audited), SHA-1 only as an explicit weak opt-in; and a certificate that
// expires after it was saved turns step 4 gray and fails sign-ins with
// SAML_CERT_EXPIRED — reproducible by QA on a development service.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { createDevIdpKeys, expiredDevIdpKeys } from '../../../backend/devidp/dev-idp-keys.ts';
import { buildLoginResponse } from '../../../backend/devidp/login-response.ts';
import { validateAcsResponse } from '../../../backend/saml/acs-flow.ts';
import { startSamlLogin } from '../../../backend/saml/authn-request.ts';
import { serviceProviderFor } from '../../../backend/saml/entities.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface View {
  steps: { key: string; state: string; missing: string[] }[];
  sp: Record<string, unknown> & { weakOptions: { option: string; reason: string }[] };
}
interface ErrorBody {
  error: { code: string; field?: string };
}

const password = 'correct horse battery';
const idpEntityId = 'https://dev-idp.latchkey.test/metadata';

describeEachDatabase('step 4 options and certificate expiry', (dialect) => {
  let production: TestService;
  let development: TestService;

  beforeAll(async () => {
    [production, development] = await Promise.all([
      startTestService(dialect),
      startTestService(dialect, { mode: 'development' }),
    ]);
  });
  afterAll(async () => {
    await production?.close();
    await development?.close();
  });

  async function owner(service: TestService, label: string) {
    const client = new ConsoleClient(service.baseUrl);
    const email = `owner-${label}-${Date.now()}@${label}.example`;
    const accountId = await client.signUp(`${label} Inc`, email, password);
    expect((await client.login(email, password)).status).toBe(200);
    return { client, accountId };
  }

  test('every option GET /integration shows is settable through PUT /integration/sp-options, and audited', async () => {
    const { client } = await owner(production, 'options');
    const set = await client.put<View>('/api/console/integration/sp-options', {
      requireSignedResponse: true,
      allowIdpInitiated: true,
      clockSkewSeconds: 60,
    });
    expect(set.status).toBe(200);
    expect(set.body.sp).toMatchObject({
      signAuthnRequests: false,
      encryptAssertions: false,
      requireSignedResponse: true,
      allowIdpInitiated: true,
      clockSkewSeconds: 60,
      allowSha1: false,
      weakOptions: [],
    });
    const shown = (await client.get<View>('/api/console/integration')).body.sp;
    const settable = ['signAuthnRequests', 'encryptAssertions', 'requireSignedResponse', 'allowIdpInitiated'];
    for (const key of [...settable, 'allowSha1']) {
      expect(typeof shown[key], key).toBe('boolean');
      const res = await client.put<View>('/api/console/integration/sp-options', { [key]: !shown[key] });
      expect(res.status, key).toBe(200);
      expect(res.body.sp[key], key).toBe(!shown[key]);
    }
    const audit = await client.get<{ entries: { action: string; detail: Record<string, unknown> }[] }>(
      '/api/console/audit',
    );
    const changes = audit.body.entries.filter((e) => e.action === 'integration.sp_options_set');
    expect(changes.map((e) => e.detail)).toContainEqual({
      requireSignedResponse: true,
      allowIdpInitiated: true,
      clockSkewSeconds: 60,
    });
  });

  test('bad option values are refused with a 400 naming the field, and nothing changes', async () => {
    const { client } = await owner(production, 'badopts');
    for (const body of [
      { clockSkewSeconds: -1 },
      { clockSkewSeconds: 86_400 },
      { clockSkewSeconds: 1.5 },
      { allowIdpInitiated: 'yes' },
      { unknownOption: true },
      {},
    ]) {
      const res = await client.put<ErrorBody>('/api/console/integration/sp-options', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
    const sp = (await client.get<View>('/api/console/integration')).body.sp;
    expect(sp).toMatchObject({ clockSkewSeconds: 180, allowIdpInitiated: false });
  });

  test('allowing SHA-1 is marked weak in the view, with why', async () => {
    const { client } = await owner(production, 'weak');
    const res = await client.put<View>('/api/console/integration/sp-options', { allowSha1: true });
    expect(res.body.sp.allowSha1).toBe(true);
    expect(res.body.sp.weakOptions).toEqual([
      { option: 'allowSha1', reason: expect.stringContaining('SHA-256') },
    ]);
  });

  test('a development service stores a certificate "as of" a past date; step 4 turns gray and sign-ins fail with SAML_CERT_EXPIRED', async () => {
    const { client, accountId } = await owner(development, 'asof');
    const keys = await createDevIdpKeys();
    const expired = await expiredDevIdpKeys(keys);
    const body = {
      entityId: idpEntityId,
      ssoUrl: 'https://dev-idp.latchkey.test/sso',
      certificates: [expired.certificate],
    };
    // Without asOf the expired certificate is refused, as in production.
    expect((await client.put<ErrorBody>('/api/console/integration/idp', body)).body.error.code).toBe(
      'invalid_certificate',
    );
    const saved = await client.put<View>('/api/console/integration/idp', {
      ...body,
      asOf: '2020-06-01T00:00:00Z',
    });
    expect(saved.status).toBe(200);
    const step4 = saved.body.steps.find((s) => s.key === 'saml');
    expect(step4?.state).toBe('gray');
    expect(step4?.missing.join(' ')).toMatch(/certificate 1 expired on 2021-01-01/);

    const deps = development.deps;
    const { requestId } = await startSamlLogin(
      deps.database.db,
      deps.clock,
      deps.config.publicUrl,
      { accountId, purpose: 'console', email: null },
      deps.masterKey,
    );
    const response = await buildLoginResponse({
      keys: expired,
      entityId: idpEntityId,
      sp: serviceProviderFor(deps.config.publicUrl, accountId),
      requestId,
      user: { email: 'alice@asof.example', externalId: 'a', groups: [] },
    });
    const code = await validateAcsResponse(
      deps.database.db,
      deps.clock,
      deps.config.publicUrl,
      accountId,
      response,
      deps.masterKey,
    ).then(
      () => 'ACCEPTED',
      (err: unknown) => (err instanceof LatchkeyError ? err.code : String(err)),
    );
    expect(code).toBe('SAML_CERT_EXPIRED');
  });

  test('a production service refuses asOf', async () => {
    const { client } = await owner(production, 'noasof');
    const keys = await createDevIdpKeys();
    const res = await client.put<ErrorBody>('/api/console/integration/idp', {
      entityId: idpEntityId,
      ssoUrl: 'https://dev-idp.latchkey.test/sso',
      certificates: [keys.certificate],
      asOf: '2020-06-01T00:00:00Z',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('asOf');
  });
});
