// Step 4 from an IdP metadata URL, served by a real HTTP server on loopback:
// the first fetch fills step 4; a re-fetch picks up a rolled-over certificate
// (the document signed with the certificate already configured), audits it;
// a forged, failing, oversized or unreachable copy keeps the last good one and says why.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { createDevIdpKeys, type DevIdpKeys } from '../../../backend/devidp/dev-idp-keys.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface View {
  result?: string;
  idp: {
    entityId: string | null;
    certificates: { fingerprintSha256: string }[];
    metadata: { url: string; fetchedAt: string | null; error: string | null } | null;
  };
}
interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

const entityId = 'https://idp.rollover.example/metadata';
const der = (pem: string) => pem.replace(/-----[^-]+-----|\s+/g, '');
const fp = (keys: DevIdpKeys) => new X509Certificate(keys.certificate).fingerprint256;

function metadata(certs: DevIdpKeys[], signer?: DevIdpKeys): string {
  const keyDescriptors = certs
    .map(
      (k) =>
        `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${der(k.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('');
  const xml =
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_m${Date.now()}" entityID="${entityId}">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keyDescriptors}` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.rollover.example/sso"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`;
  if (!signer) return xml;
  const sig = new SignedXml({
    privateKey: signer.privateKey,
    publicCert: signer.certificate,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: "/*[local-name(.)='EntityDescriptor']",
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: "/*[local-name(.)='EntityDescriptor']/*[1]", action: 'before' },
  });
  return sig.getSignedXml();
}

describeEachDatabase('step 4 from an IdP metadata URL', (dialect) => {
  let service: TestService;
  let server: Server;
  let serve: { status: number; body: string } = { status: 200, body: '' };
  let metadataUrl: string;
  let owner: ConsoleClient;
  let a: DevIdpKeys, b: DevIdpKeys, stranger: DevIdpKeys;

  beforeAll(async () => {
    [a, b, stranger] = await Promise.all([
      createDevIdpKeys('IdP 2026'),
      createDevIdpKeys('IdP 2027'),
      createDevIdpKeys('Stranger'),
    ]);
    server = createServer((_req, res) => res.writeHead(serve.status).end(serve.body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    metadataUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`;
    service = await startTestService(dialect, { mode: 'development' });
    owner = new ConsoleClient(service.baseUrl);
    await owner.signUp('Rollover', 'owner@rollover.example', 'correct horse battery');
    await owner.login('owner@rollover.example', 'correct horse battery');
  });
  afterAll(async () => {
    await service?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const refresh = () => owner.post<View>('/api/console/integration/idp-metadata-url/refresh');
  const audit = async () =>
    (await owner.get<{ entries: { action: string; actor: string }[] }>('/api/console/audit')).body.entries;

  test('the URL fills step 4; a re-fetch picks up a rollover signed with the configured certificate, audited', async () => {
    serve = { status: 200, body: metadata([a]) };
    const set = await owner.put<View>('/api/console/integration/idp-metadata-url', { url: metadataUrl });
    expect(set.status).toBe(200);
    expect(set.body.idp.entityId).toBe(entityId);
    expect(set.body.idp.certificates.map((c) => c.fingerprintSha256)).toEqual([fp(a)]);
    expect(set.body.idp.metadata).toMatchObject({ url: metadataUrl, error: null });

    expect((await refresh()).body.result).toBe('unchanged');
    serve = { status: 200, body: metadata([a, b], a) };
    const rolled = await refresh();
    expect(rolled.body.result).toBe('changed');
    expect(rolled.body.idp.certificates.map((c) => c.fingerprintSha256).sort()).toEqual(
      [fp(a), fp(b)].sort(),
    );
    expect(await audit()).toContainEqual(
      expect.objectContaining({
        action: 'integration.idp_metadata_refreshed',
        actor: 'system:metadata-refresh',
      }),
    );
  });

  test.each([
    [
      'signed by a key step 4 does not hold',
      () => ({ status: 200, body: metadata([stranger], stranger) }),
      /signature/,
    ],
    ['an HTTP 500', () => ({ status: 500, body: 'down' }), /HTTP 500/],
    [
      'larger than 1 MB',
      () => ({ status: 200, body: `<x>${'a'.repeat(1_100_000)}</x>` }),
      /larger than 1 MB/,
    ],
    ['not metadata at all', () => ({ status: 200, body: '<html>login</html>' }), /EntityDescriptor/],
  ])('a copy %s keeps the last good settings and says why', async (_name, copy, reason) => {
    const before = (await owner.get<View>('/api/console/integration')).body.idp;
    serve = copy();
    const res = await refresh();
    expect(res.body.result).toBe('failed');
    expect(res.body.idp.certificates).toEqual(before.certificates);
    expect(res.body.idp.metadata?.error).toMatch(reason);
    expect(res.body.idp.metadata?.fetchedAt).toBe(before.metadata?.fetchedAt);
  });

  test('a production service takes only https metadata URLs outside its own network', async () => {
    const production = await startTestService(dialect);
    try {
      const client = new ConsoleClient(production.baseUrl);
      await client.signUp('Prod', 'owner@prod.example', 'correct horse battery');
      await client.login('owner@prod.example', 'correct horse battery');
      const res = await client.put<ErrorBody>('/api/console/integration/idp-metadata-url', {
        url: metadataUrl,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe('url');
    } finally {
      await production.close();
    }
  });
});
