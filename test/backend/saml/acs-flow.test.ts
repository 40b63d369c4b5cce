import { inflateRawSync } from 'node:zlib';
import { Saml20 } from 'saml';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { createDevIdpKeys, type DevIdpKeys } from '../../../backend/devidp/dev-idp-keys.ts';
import { buildLoginResponse, type Fault } from '../../../backend/devidp/login-response.ts';
import { validateAcsResponse } from '../../../backend/saml/acs-flow.ts';
import { startSamlLogin } from '../../../backend/saml/authn-request.ts';
import { serviceProviderFor } from '../../../backend/saml/entities.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const idpEntityId = 'https://dev-idp.latchkey.test/metadata';
const alice = { email: 'alice@acme.example', externalId: 'oid-alice', groups: ['grp-desktop', 'grp-admins'] };

describeEachDatabase('SAML ACS: every check, with real signed responses from the dev IdP', (dialect) => {
  let service: TestService;
  let keys: DevIdpKeys;
  let otherKeys: DevIdpKeys;
  let accountId: string;

  beforeAll(async () => {
    [keys, otherKeys] = await Promise.all([createDevIdpKeys(), createDevIdpKeys('Somebody else')]);
    service = await startTestService(dialect);
    const console = new ConsoleClient(service.baseUrl);
    accountId = await console.signUp('Acme', 'owner@acme.example', 'correct horse battery');
    await console.login('owner@acme.example', 'correct horse battery');
    const set = await console.put('/api/console/integration/idp', {
      entityId: idpEntityId,
      ssoUrl: 'https://dev-idp.latchkey.test/sso',
      certificates: [keys.certificate],
    });
    expect(set.status).toBe(200);
  });
  afterAll(async () => service?.close());

  const deps = () => service.deps;
  async function respond(fault: Fault = 'none', requestId?: string | null) {
    const id =
      requestId === undefined
        ? (
            await startSamlLogin(
              deps().database.db,
              deps().clock,
              deps().config.publicUrl,
              {
                accountId,
                purpose: 'console',
                email: alice.email,
              },
              deps().masterKey,
            )
          ).requestId
        : requestId;
    const sp = serviceProviderFor(deps().config.publicUrl, accountId);
    return {
      requestId: id,
      response: await buildLoginResponse({
        keys,
        otherKeys,
        entityId: idpEntityId,
        sp,
        requestId: id,
        user: alice,
        fault,
      }),
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

  test('a good response is accepted and mapped onto the profile; the request is answered once', async () => {
    const { requestId, response } = await respond();
    const result = await validate(response);
    expect(result.request?.id).toBe(requestId);
    expect(result.profile).toMatchObject({
      externalId: 'oid-alice',
      email: 'alice@acme.example',
      groups: ['grp-desktop', 'grp-admins'],
      groupsOverage: false,
    });
    expect(result.evidence).toMatchObject({
      issuer: idpEntityId,
      recipient: `${deps().config.publicUrl}/saml/${accountId}/acs`,
    });
    expect(JSON.stringify(result.evidence)).not.toMatch(/SignatureValue|BEGIN CERTIFICATE/);
  });

  test.each([
    ['unsigned', 'SAML_SIGNATURE_INVALID'],
    ['other-key', 'SAML_SIGNATURE_INVALID'],
    ['wrong-issuer', 'SAML_ISSUER_MISMATCH'],
    ['wrong-audience', 'SAML_AUDIENCE_MISMATCH'],
    ['wrong-destination', 'SAML_DESTINATION_MISMATCH'],
    ['expired', 'SAML_EXPIRED'],
    ['not-yet-valid', 'SAML_NOT_YET_VALID'],
    ['unsolicited', 'SAML_UNSOLICITED'],
    ['malformed', 'SAML_MALFORMED'],
    ['two-assertions', 'SAML_MALFORMED'],
  ] as [Fault, string][])('fault "%s" → %s', async (fault, code) => {
    expect(await codeOf((await respond(fault)).response)).toBe(code);
  });

  test('a replayed response → SAML_REPLAYED', async () => {
    const { response } = await respond();
    expect(await codeOf(response)).toBe('ACCEPTED');
    expect(await codeOf(response)).toBe('SAML_REPLAYED');
  });

  test('InResponseTo must name a request sent for this account, not yet answered, not expired', async () => {
    expect(await codeOf((await respond('none', '_never-sent')).response)).toBe('SAML_UNSOLICITED');
    const first = await respond();
    await validate(first.response);
    // a fresh response (new assertion ID) to the already answered request
    expect(await codeOf((await respond('none', first.requestId)).response)).toBe('SAML_UNSOLICITED');
    const stale = await respond();
    await deps()
      .database.db.updateTable('saml_requests')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('id', '=', stale.requestId ?? '')
      .execute();
    expect(await codeOf(stale.response)).toBe('SAML_UNSOLICITED');
  });

  test("a response answering another account's real request is refused here, and leaves that request usable", async () => {
    // Account B connects its own IdP and starts a real sign-in: its AuthnRequest ID is stored.
    const bKeys = await createDevIdpKeys('Other IdP');
    const bIdp = 'https://idp.other.example/metadata';
    const other = new ConsoleClient(service.baseUrl);
    const otherId = await other.signUp('Other', 'owner@other.example', 'correct horse battery');
    await other.login('owner@other.example', 'correct horse battery');
    const setB = await other.put('/api/console/integration/idp', {
      entityId: bIdp,
      ssoUrl: 'https://idp.other.example/sso',
      certificates: [bKeys.certificate],
    });
    expect(setB.status).toBe(200);
    const theirs = await startSamlLogin(
      deps().database.db,
      deps().clock,
      deps().config.publicUrl,
      {
        accountId: otherId,
        purpose: 'activation',
        email: 'bob@other.example',
        interactionUid: 'interaction-of-b',
      },
      deps().masterKey,
    );
    expect(theirs.binding).toBe('redirect');
    const sent = inflateRawSync(
      Buffer.from(new URL(theirs.url).searchParams.get('SAMLRequest') ?? '', 'base64'),
    ).toString('utf8');
    expect(sent).toContain(`ID="${theirs.requestId}"`);

    // Account A's IdP (whoever controls it) answers B's request: signed with A's configured key,
    // for A's audience and ACS — valid here in every respect but whose request it answers.
    // saml-core §3.2.2: InResponseTo must name a request this SP (this account) sent.
    const forged = await respond('none', theirs.requestId);
    expect(await codeOf(forged.response)).toBe('SAML_UNSOLICITED');

    // B's request was not spent by the refusal: B's own IdP can still answer it at B's ACS.
    const bobsAnswer = await buildLoginResponse({
      keys: bKeys,
      entityId: bIdp,
      sp: serviceProviderFor(deps().config.publicUrl, otherId),
      requestId: theirs.requestId,
      user: { email: 'bob@other.example', externalId: 'oid-bob', groups: [] },
    });
    const atB = await validateAcsResponse(
      deps().database.db,
      deps().clock,
      deps().config.publicUrl,
      otherId,
      bobsAnswer,
      deps().masterKey,
    );
    expect(atB.request?.id).toBe(theirs.requestId);
    expect(atB.request?.account_id).toBe(otherId);
  });

  test('the clock skew is configurable: 3 minutes by default', async () => {
    const now = Date.now();
    const id = (await respond()).requestId;
    const sp = serviceProviderFor(deps().config.publicUrl, accountId);
    // issued 7 minutes ago: NotOnOrAfter 2 minutes ago, within the 3-minute skew
    const late = await buildLoginResponse({
      keys,
      entityId: idpEntityId,
      sp,
      requestId: id,
      user: alice,
      now: new Date(now - 7 * 60_000),
    });
    expect(await codeOf(late)).toBe('ACCEPTED');
    const id2 = (await respond()).requestId;
    const tooLate = await buildLoginResponse({
      keys,
      entityId: idpEntityId,
      sp,
      requestId: id2,
      user: alice,
      now: new Date(now - 9 * 60_000),
    });
    expect(await codeOf(tooLate)).toBe('SAML_EXPIRED');
  });

  test("Entra's groups.link claim is noticed", async () => {
    const result = await validate((await respond('groups-overage')).response);
    expect(result.profile.groupsOverage).toBe(true);
    expect(result.profile.groups).toEqual([]);
  });

  test('signature wrapping: the signed assertion moved under another element, or copied into Extensions → refused', async () => {
    const { response } = await respond();
    const xml = Buffer.from(response, 'base64').toString('utf8');
    const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)?.[0] ?? '';
    const evil = signed
      .replace(alice.email, 'ceo@acme.example')
      .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')
      .replace(/ID="[^"]+"/, 'ID="_evil"');
    const wrapped = xml.replace(signed, `${evil}<samlp:Extensions>${signed}</samlp:Extensions>`);
    expect(await codeOf(Buffer.from(wrapped).toString('base64'))).toMatch(
      /^SAML_(MALFORMED|SIGNATURE_INVALID)$/,
    );
    const nested = xml.replace(
      signed,
      evil.replace(
        '</saml:Subject>',
        `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData>${signed}</saml:SubjectConfirmationData></saml:SubjectConfirmation></saml:Subject>`,
      ),
    );
    expect(await codeOf(Buffer.from(nested).toString('base64'))).toMatch(
      /^SAML_(MALFORMED|SIGNATURE_INVALID)$/,
    );
  });

  test("signature wrapping: another element carrying the signed assertion's ID (as ID, Id or id, in any namespace) → refused", async () => {
    for (const attribute of ['ID', 'Id', 'id', 'x:ID']) {
      const { response } = await respond();
      const xml = Buffer.from(response, 'base64').toString('utf8');
      const id = /<saml:Assertion[^>]* ID="([^"]+)"/.exec(xml)?.[1] ?? '';
      const decoy = `<samlp:Extensions><x:Note xmlns:x="urn:example:decoy" ${attribute}="${id}"/></samlp:Extensions>`;
      const wrapped = xml.replace('</saml:Issuer>', `</saml:Issuer>${decoy}`);
      expect(wrapped).not.toBe(xml);
      expect(await codeOf(Buffer.from(wrapped).toString('base64')), attribute).toBe('SAML_SIGNATURE_INVALID');
    }
  });

  test('comment injection inside NameID: the signature breaks, or the full text is used — never the prefix', async () => {
    const { response } = await respond();
    const xml = Buffer.from(response, 'base64').toString('utf8');
    const injected = xml.replace(`>${alice.email}<`, `>ceo@acme.example<!---->.evil.example<`);
    expect(await codeOf(Buffer.from(injected).toString('base64'))).toBe('SAML_SIGNATURE_INVALID');
  });

  test("a response whose assertion comes from an independent implementation (auth0's saml) is accepted", async () => {
    const { requestId } = await respond();
    const acs = `${deps().config.publicUrl}/saml/${accountId}/acs`;
    const assertion = Saml20.create({
      cert: keys.certificate,
      key: keys.privateKey,
      issuer: idpEntityId,
      lifetimeInSeconds: 300,
      audiences: `${deps().config.publicUrl}/saml/${accountId}/metadata`,
      recipient: acs,
      inResponseTo: requestId ?? '',
      nameIdentifier: 'dana@acme.example',
      nameIdentifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      attributes: {
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'dana@acme.example',
      },
      signatureAlgorithm: 'rsa-sha256',
      digestAlgorithm: 'sha256',
    });
    const response =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r${Date.now()}" Version="2.0" ` +
      `IssueInstant="${new Date().toISOString()}" Destination="${acs}" InResponseTo="${requestId}">` +
      `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${idpEntityId}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertion}</samlp:Response>`;
    const result = await validate(Buffer.from(response).toString('base64'));
    expect(result.profile.email).toBe('dana@acme.example');
    expect(result.request?.id).toBe(requestId);
  });

  test('a certificate that has expired since it was configured → SAML_CERT_EXPIRED', async () => {
    const selfsigned = (await import('selfsigned')).default;
    const old = await Promise.resolve(
      selfsigned.generate([{ name: 'commonName', value: 'expired idp' }], {
        notBeforeDate: new Date(Date.now() - 400 * 86400_000),
        notAfterDate: new Date(Date.now() - 86400_000),
        keyType: 'rsa',
        keySize: 2048,
      }),
    );
    const expiredKeys = { privateKey: old.private, certificate: old.cert };
    const db = deps().database.db;
    const saved = await db
      .selectFrom('idp_configs')
      .select('certificates')
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('idp_configs')
      .set({ certificates: JSON.stringify([expiredKeys.certificate]) })
      .where('account_id', '=', accountId)
      .execute();
    try {
      const { requestId } = await respond();
      const sp = serviceProviderFor(deps().config.publicUrl, accountId);
      const response = await buildLoginResponse({
        keys: expiredKeys,
        entityId: idpEntityId,
        sp,
        requestId,
        user: alice,
      });
      expect(await codeOf(response)).toBe('SAML_CERT_EXPIRED');
    } finally {
      await db
        .updateTable('idp_configs')
        .set({ certificates: saved.certificates })
        .where('account_id', '=', accountId)
        .execute();
    }
  });

  const setOption = (changes: Record<string, number>) =>
    deps().database.db.updateTable('idp_configs').set(changes).where('account_id', '=', accountId).execute();

  test('a required Response signature is enforced by us (samlify ignores wantMessageSigned on POST)', async () => {
    await setOption({ require_signed_response: 1 });
    try {
      expect(await codeOf((await respond()).response)).toBe('SAML_SIGNATURE_INVALID');
      const { requestId } = await respond();
      const sp = serviceProviderFor(deps().config.publicUrl, accountId, {
        keys,
        sign: false,
        encrypt: false,
        requireSignedResponse: true,
      });
      const bothSigned = await buildLoginResponse({
        keys,
        entityId: idpEntityId,
        sp,
        requestId,
        user: alice,
      });
      expect(
        Buffer.from(bothSigned, 'base64')
          .toString()
          .match(/<ds:Signature[ >]/g),
      ).toHaveLength(2);
      expect(await codeOf(bothSigned)).toBe('ACCEPTED');
    } finally {
      await setOption({ require_signed_response: 0 });
    }
  });

  test('IdP-initiated sign-in is refused by default and accepted when the account allows it', async () => {
    const unsolicited = async () => (await respond('unsolicited')).response;
    expect(await codeOf(await unsolicited())).toBe('SAML_UNSOLICITED');
    await setOption({ allow_idp_initiated: 1 });
    try {
      const result = await validate(await unsolicited());
      expect(result.request).toBeNull();
    } finally {
      await setOption({ allow_idp_initiated: 0 });
    }
  });

  test('a zero clock skew refuses what the default 3 minutes accepts; the verifying certificate is logged', async () => {
    const sp = serviceProviderFor(deps().config.publicUrl, accountId);
    const aged = async () =>
      buildLoginResponse({
        keys,
        entityId: idpEntityId,
        sp,
        requestId: (await respond()).requestId,
        user: alice,
        now: new Date(Date.now() - 6 * 60_000),
      });
    const ok = await validate(await aged());
    const { X509Certificate } = await import('node:crypto');
    expect(ok.evidence.verifiedBy).toBe(new X509Certificate(keys.certificate).fingerprint256);
    await setOption({ clock_skew_seconds: 0 });
    try {
      expect(await codeOf(await aged())).toBe('SAML_EXPIRED');
    } finally {
      await setOption({ clock_skew_seconds: 180 });
    }
  });

  test('the sweep deletes expired request IDs and replay entries, and keeps live ones', async () => {
    const { sweepSamlState } = await import('../../../backend/saml/sweep.ts');
    const db = deps().database.db;
    const live = await respond();
    await db
      .insertInto('saml_requests')
      .values({
        id: '_old-request',
        account_id: accountId,
        purpose: 'console',
        email: null,
        interaction_uid: null,
        return_path: null,
        created_at: '2000-01-01T00:00:00.000Z',
        expires_at: '2000-01-01T00:10:00.000Z',
        used_at: null,
      })
      .execute();
    await db
      .insertInto('saml_replay')
      .values({
        account_id: accountId,
        assertion_id: '_old-assertion',
        expires_at: '2000-01-01T00:05:00.000Z',
      })
      .execute();
    const swept = await sweepSamlState(db, deps().clock);
    expect(swept.requests).toBeGreaterThanOrEqual(1);
    expect(swept.replay).toBeGreaterThanOrEqual(1);
    expect(
      await db.selectFrom('saml_requests').select('id').where('id', '=', '_old-request').executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await db
        .selectFrom('saml_requests')
        .select('id')
        .where('id', '=', live.requestId ?? '')
        .executeTakeFirst(),
    ).toBeDefined();
    expect(await codeOf(live.response)).toBe('ACCEPTED');
  });
});
