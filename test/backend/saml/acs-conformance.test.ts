// Regression tests from the outside conformance run (issue 13): responses shaped
// as real IdPs send them, each once as valid (must be accepted) and, where it
// applies, once altered (must be refused with its code).
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { createDevIdpKeys, type DevIdpKeys } from '../../../backend/devidp/dev-idp-keys.ts';
import { validateAcsResponse } from '../../../backend/saml/acs-flow.ts';
import { startSamlLogin } from '../../../backend/saml/authn-request.ts';
import { getSpKeys } from '../../../backend/saml/sp-keys.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { forgeResponse, type ForgeSpec } from '../../support/saml-forge.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const idpEntityId = 'https://idp.conformance.example/metadata';
const email = 'alice@acme.example';

describeEachDatabase('SAML ACS conformance: what real IdPs send', (dialect) => {
  let service: TestService;
  let keys: DevIdpKeys;
  let accountId: string;
  let owner: ConsoleClient;

  beforeAll(async () => {
    keys = await createDevIdpKeys('Conformance IdP');
    service = await startTestService(dialect);
    owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Acme', 'owner@acme.example', 'correct horse battery');
    await owner.login('owner@acme.example', 'correct horse battery');
    const set = await owner.put('/api/console/integration/idp', {
      entityId: idpEntityId,
      ssoUrl: 'https://idp.conformance.example/sso',
      certificates: [keys.certificate],
    });
    expect(set.status).toBe(200);
  });
  afterAll(async () => service?.close());

  const deps = () => service.deps;
  async function spec(overrides: Partial<ForgeSpec> = {}): Promise<ForgeSpec> {
    const { requestId } = await startSamlLogin(
      deps().database.db,
      deps().clock,
      deps().config.publicUrl,
      { accountId, purpose: 'console', email },
      deps().masterKey,
    );
    const base = `${deps().config.publicUrl}/saml/${accountId}`;
    return {
      keys,
      issuer: idpEntityId,
      audience: `${base}/metadata`,
      acsUrl: `${base}/acs`,
      requestId,
      email,
      ...overrides,
    };
  }
  const validate = (response: string) =>
    validateAcsResponse(
      deps().database.db,
      deps().clock,
      deps().config.publicUrl,
      accountId,
      response,
      deps().masterKey,
    );
  async function codeOf(response: string): Promise<string> {
    try {
      await validate(response);
      return 'ACCEPTED';
    } catch (err) {
      if (err instanceof LatchkeyError) return err.code;
      throw err;
    }
  }
  const setOptions = (changes: Record<string, number>) =>
    deps().database.db.updateTable('idp_configs').set(changes).where('account_id', '=', accountId).execute();
  async function withEncryption<T>(body: (spCert: string) => Promise<T>): Promise<T> {
    const sp = await getSpKeys(deps().database.db, deps().clock, deps().masterKey, accountId);
    await setOptions({ encrypt_assertions: 1 });
    try {
      return await body(sp.certificate);
    } finally {
      await setOptions({ encrypt_assertions: 0 });
    }
  }

  test('a plain response built by hand (control) is accepted', async () => {
    expect(await codeOf(await forgeResponse(await spec()))).toBe('ACCEPTED');
  });

  // Each value is checked in the signed assertion AND in the unsigned envelope: a response that
  // is right in one place only must still be refused (each of these passed with its check deleted).
  const evil = 'https://evil.example';
  test.each([
    [
      'the assertion Issuer',
      () => ({ issuer: `${evil}/idp`, envelope: { issuer: idpEntityId } }),
      'SAML_ISSUER_MISMATCH',
    ],
    ['the envelope Issuer', () => ({ envelope: { issuer: `${evil}/idp` } }), 'SAML_ISSUER_MISMATCH'],
    [
      'the assertion Recipient',
      (s) => ({ acsUrl: `${evil}/acs`, envelope: { destination: s.acsUrl } }),
      'SAML_DESTINATION_MISMATCH',
    ],
    [
      'the envelope Destination',
      () => ({ envelope: { destination: `${evil}/acs` } }),
      'SAML_DESTINATION_MISMATCH',
    ],
    // saml-profiles §4.1.4.2: the bearer SubjectConfirmationData MUST carry NotOnOrAfter.
    ['the bearer confirmation (no NotOnOrAfter)', () => ({ omitConfirmationExpiry: true }), 'SAML_MALFORMED'],
  ] as [string, (base: ForgeSpec) => Partial<ForgeSpec>, string][])(
    'refused when only %s is wrong',
    async (_what, overrides, code) => {
      const base = await spec();
      expect(await codeOf(await forgeResponse({ ...base, ...overrides(base) }))).toBe(code);
    },
  );

  test("the envelope's InResponseTo must be the signed assertion's: another pending request of this account → SAML_UNSOLICITED", async () => {
    const other = await spec();
    const response = await forgeResponse(await spec({ envelope: { inResponseTo: other.requestId ?? '' } }));
    expect(await codeOf(response)).toBe('SAML_UNSOLICITED');
  });

  test('IdP-initiated answers are allowed only without any InResponseTo: one in the envelope alone → SAML_UNSOLICITED', async () => {
    const pending = await spec();
    await setOptions({ allow_idp_initiated: 1 });
    try {
      expect(await codeOf(await forgeResponse(await spec({ requestId: null })))).toBe('ACCEPTED');
      const response = await forgeResponse(
        await spec({ requestId: null, envelope: { inResponseTo: pending.requestId ?? '' } }),
      );
      expect(await codeOf(response)).toBe('SAML_UNSOLICITED');
    } finally {
      await setOptions({ allow_idp_initiated: 0 });
    }
  });

  test('defect 1: an encrypted assertion using the prefix declared on the signed Response is accepted', async () => {
    await withEncryption(async (spCert) => {
      const response = await forgeResponse(
        await spec({ prefixOnResponse: true, signResponse: true, encryptTo: spCert }),
      );
      const result = await validate(response);
      expect(result.profile.email).toBe(email);
      expect(result.evidence.encrypted).toBe(true);
    });
  });

  test('defect 2: an encrypted assertion altered after the IdP signed it is refused, though the Response is signed', async () => {
    await withEncryption(async (spCert) => {
      const response = await forgeResponse(
        await spec({
          signResponse: true,
          encryptTo: spCert,
          tamper: (a) => a.replace(`<saml:NameID Format`, `<saml:NameID SPNameQualifier="x" Format`),
        }),
      );
      expect(await codeOf(response)).toBe('SAML_SIGNATURE_INVALID');
    });
  });

  test('defect 3: an assertion inside Advice neither counts nor is read', async () => {
    const result = await validate(await forgeResponse(await spec({ advice: true })));
    expect(result.profile.email).toBe(email);
    expect(JSON.stringify(result.evidence)).not.toContain('ceo@acme.example');
  });

  test('defect 4: a &#13; character reference inside the signed assertion does not break a valid signature', async () => {
    const response = await forgeResponse(await spec({ carriageReturn: true }));
    expect(Buffer.from(response, 'base64').toString()).toContain('&#13;');
    const result = await validate(response);
    expect(
      (result.evidence.attributes as Record<string, string[]>)[
        'http://schemas.microsoft.com/identity/claims/displayname'
      ],
    ).toEqual(['Alice\r\nExample']);
  });

  test('defect 6: RSA-SHA1 is refused with its own code by default, accepted only when the account allows it', async () => {
    expect(await codeOf(await forgeResponse(await spec({ algorithm: 'sha1' })))).toBe('SAML_WEAK_ALGORITHM');
    await setOptions({ allow_sha1: 1 });
    try {
      expect(await codeOf(await forgeResponse(await spec({ algorithm: 'sha1' })))).toBe('ACCEPTED');
    } finally {
      await setOptions({ allow_sha1: 0 });
    }
  });

  test('an HMAC "signature" keyed with the public certificate is refused', async () => {
    const forged = await forgeResponse(
      await spec({ algorithm: 'hmac-with-certificate', email: 'ceo@acme.example' }),
    );
    expect(await codeOf(forged)).toBe('SAML_SIGNATURE_INVALID');
  });

  test('the evidence names the configured certificate that verified (by the KeyInfo the signature carries)', async () => {
    const second = await createDevIdpKeys('Conformance IdP, next');
    const db = deps().database.db;
    await db
      .updateTable('idp_configs')
      .set({ certificates: JSON.stringify([keys.certificate, second.certificate]) })
      .where('account_id', '=', accountId)
      .execute();
    try {
      const result = await validate(await forgeResponse(await spec({ keys: second })));
      expect(result.evidence.verifiedBy).toBe(new X509Certificate(second.certificate).fingerprint256);
    } finally {
      await db
        .updateTable('idp_configs')
        .set({ certificates: JSON.stringify([keys.certificate]) })
        .where('account_id', '=', accountId)
        .execute();
    }
  });

  test('defect 1 over HTTP: the ACS answers with a redirect and logs the sign-in, never a 500', async () => {
    await withEncryption(async (spCert) => {
      const response = await forgeResponse(
        await spec({ prefixOnResponse: true, signResponse: true, encryptTo: spCert }),
      );
      const res = await fetch(`${service.baseUrl}/saml/${accountId}/acs`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ SAMLResponse: response }).toString(),
        redirect: 'manual',
      });
      expect(res.status).toBeLessThan(500);
      // Past every SAML check: alice is not in the admins group, so the entitlement step refuses her.
      const log = await owner.get<{ attempts: { stage: string; code: string | null }[] }>(
        '/api/console/activation-log',
      );
      expect(log.body.attempts[0]).toMatchObject({ stage: 'entitlement', code: 'USER_NOT_IN_GROUP' });
    });
  });
});
