import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { importIdpMetadata } from '../../../backend/saml/idp-metadata.ts';

// Expiry is judged on the date the fixtures were collected (their README), so these stay true.
const collected = new Date('2026-11-23T00:00:00Z');
const fixture = (f: string) =>
  readFileSync(new URL(`../../../../shared/fixtures/idp-metadata/${f}`, import.meta.url), 'utf8');
const imports = (f: string, now = collected, allowHttp = false) =>
  importIdpMetadata(fixture(f), now, allowHttp);

test('Okta: base64 split by spaces and wrapped with indents both import', () => {
  expect(imports('okta-1.xml')).toMatchObject({
    entityId: 'http://www.okta.com/exkppsa1qwuFV4D7z0h7',
    ssoBinding: 'redirect',
    certificates: [{ notAfter: '2028-09-07T14:33:59.000Z' }],
    warnings: [],
  });
  expect(imports('okta-2.xml').certificates[0]?.notAfter).toBe('2033-11-16T18:24:42.000Z');
});

test('Google: an entityID with a query string, different from the SSO URL', () => {
  const g = imports('google-1.xml');
  expect(g.entityId).toBe('https://accounts.google.com/o/saml2?idpid=C029op2ga');
  expect(g.ssoUrl).toBe('https://accounts.google.com/o/saml2/idp?idpid=C029op2ga');
});

test('JumpCloud: POST-only SSO and a placeholder entityID import, each with a warning', () => {
  const j = imports('jumpcloud-1.xml');
  expect(j.ssoBinding).toBe('post');
  expect(j.ssoUrl).toBe('https://sso.jumpcloud.com/saml2/ucariontest');
  expect(j.warnings.join(' ')).toContain('"IdP Entity ID" is not a URI');
  expect(j.warnings.join(' ')).toContain('only the HTTP-POST binding');
});

test('Keycloak: http://localhost SSO refused in production, accepted in development mode', () => {
  expect(() => imports('keycloak-1.xml')).toThrow(/not https .*development mode/);
  expect(imports('keycloak-1.xml', collected, true).ssoUrl).toBe(
    'http://localhost:8085/realms/master/protocol/saml',
  );
});

test('Entra, AD FS and PingOne with expired certificates are refused, naming the certificate and its date', () => {
  expect(() => imports('entra-1.xml')).toThrow(
    /expired on 2026-11-16.*Microsoft Azure Federated SSO Certificate/,
  );
  expect(() => imports('adfs-1.xml')).toThrow(/expired on 2018-10-01.*ADFS Signing - sts\.ucar\.edu/);
  expect(() => imports('pingone-1.xml')).toThrow(/expired on 2024-11-17.*PingOne SSO Certificate/);
});

test('before their certificates expired: Entra (signed document, roles before the IdP) and AD FS (SP role first) import', () => {
  const entra = imports('entra-1.xml', new Date('2025-01-01T00:00:00Z'));
  expect(entra).toMatchObject({
    entityId: 'https://sts.windows.net/a9054a0f-2011-4e31-b3ac-fd8c354146ec/',
    ssoUrl: 'https://login.microsoftonline.com/a9054a0f-2011-4e31-b3ac-fd8c354146ec/saml2',
    ssoBinding: 'redirect',
  });
  expect(entra.certificates).toHaveLength(1); // three KeyDescriptors, one certificate
  expect(entra.warnings.join(' ')).toContain('document signature was not checked');
  const adfs = imports('adfs-1.xml', new Date('2017-01-01T00:00:00Z'));
  expect(adfs).toMatchObject({
    entityId: 'https://sts.ucar.edu/adfs/services/trust',
    ssoUrl: 'https://sts.ucar.edu/adfs/ls/',
  });
  expect(adfs.certificates).toHaveLength(1); // the encryption certificate is not a signing one
});

test('hostile or wrong documents are refused with the reason', () => {
  const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&e;"/>`;
  expect(() => importIdpMetadata(xxe, collected, false)).toThrow(/DOCTYPE/);
  expect(() => importIdpMetadata('<md:EntityDescriptor', collected, false)).toThrow(/not well-formed/);
  const sp = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`;
  expect(() => importIdpMetadata(sp, collected, false)).toThrow(/describes a service provider/);
  const noSso = fixture('okta-2.xml').replace(/<md:SingleSignOnService[^>]*\/>/g, '');
  expect(() => importIdpMetadata(noSso, collected, false)).toThrow(/no SingleSignOnService/);
});
