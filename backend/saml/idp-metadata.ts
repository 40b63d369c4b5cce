// Imports SAML 2.0 IdP metadata (configurator step 4) as real IdPs publish it:
// a document signature before the roles (Entra, AD FS), an SP role before the
// IdP role (AD FS), base64 split by spaces (Okta), POST-only SSO (JumpCloud),
// http URLs (Keycloak dev), expired certificates. Whatever is refused is said
// with its reason; nothing is stored unless the whole import is usable.
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import xpath from 'xpath';
import type { SsoBinding } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import { checkCertificate, type CertificateInfo } from './certificates.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { IdpCertificate } from './idp-certificates.ts';
import { checkEnvelopedSignature } from './xml-signature.ts';

const ns = {
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
};
const select = xpath.useNamespaces(ns);
const bindings: Record<string, SsoBinding> = {
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect': 'redirect',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST': 'post',
};
const samlProtocol = 'urn:oasis:names:tc:SAML:2.0:protocol';

export interface ImportedIdpMetadata {
  entityId: string;
  ssoUrl: string;
  ssoBinding: SsoBinding;
  certificates: CertificateInfo[];
  /** Certificates in the file that were not taken, each with why. */
  refusedCertificates: { subject: string | null; reason: string }[];
  wantAuthnRequestsSigned: boolean;
  warnings: string[];
}

function refuse(reason: string): never {
  throw new ApiError(400, 'invalid_metadata', `the IdP metadata was refused: ${reason}`, { field: 'xml' });
}

export const maxMetadataBytes = 1024 * 1024;

function parse(xml: string) {
  if (Buffer.byteLength(xml) > maxMetadataBytes) refuse('the file is larger than 1 MB');
  // No DTDs: they are how XML entity expansion and external entity attacks arrive.
  if (/<!DOCTYPE/i.test(xml)) refuse('it contains a DOCTYPE, which is not allowed in SAML metadata');
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']> | undefined;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') errors.push(message);
      },
    }).parseFromString(xml.replace(/^\uFEFF/, ''), 'text/xml');
  } catch (err) {
    errors.push((err as Error).message);
  }
  if (errors.length > 0 || !doc?.documentElement) {
    return refuse(`it is not well-formed XML (${errors[0] ?? 'empty document'})`);
  }
  return doc;
}

const attr = (el: XmlElement, name: string) => el.getAttribute(name)?.trim() ?? '';

function pickEntity(doc: ReturnType<typeof parse>): XmlElement {
  const entities = select(
    '//md:EntityDescriptor[md:IDPSSODescriptor]',
    doc as unknown as Node,
  ) as unknown as XmlElement[];
  if (entities.length === 0) {
    const hasSp = select('//md:SPSSODescriptor', doc as unknown as Node) as unknown[];
    refuse(
      hasSp.length > 0
        ? 'it describes a service provider, not an identity provider (no IDPSSODescriptor)'
        : 'it has no EntityDescriptor with an IDPSSODescriptor (is this SAML 2.0 metadata?)',
    );
  }
  if (entities.length > 1) {
    refuse(
      `it describes ${entities.length} identity providers (${entities.map((e) => attr(e, 'entityID')).join(', ')}): export the metadata of one`,
    );
  }
  return entities[0] as XmlElement;
}

/** The certificates a fetched metadata document's signature must verify with (those already configured). */
export interface MetadataTrust {
  certificates: IdpCertificate[];
  allowSha1: boolean;
}

/**
 * saml-metadata §3.1: a metadata signature is checked against keys obtained out of band —
 * here, the certificates step 4 already holds. The embedded KeyInfo is never trusted.
 */
function checkDocumentSignature(
  doc: ReturnType<typeof parse>,
  entity: XmlElement,
  trust: MetadataTrust | undefined,
  warnings: string[],
): void {
  const root = doc.documentElement as XmlElement;
  const signed = [entity, ...(root !== entity ? [root] : [])].filter(
    (el) => (select('./ds:Signature', el as unknown as Node) as unknown[]).length > 0,
  );
  if (signed.length === 0) return;
  if (!trust || trust.certificates.length === 0) {
    warnings.push('the document signature was not checked: the metadata is trusted as the admin uploaded it');
    return;
  }
  for (const el of signed) {
    try {
      checkEnvelopedSignature(doc, el, trust.certificates, { allowSha1: trust.allowSha1 }, {});
    } catch (err) {
      if (err instanceof LatchkeyError)
        refuse(`its document signature does not hold with the configured certificates (${err.message})`);
      throw err;
    }
  }
}

export function importIdpMetadata(
  xml: string,
  now: Date,
  allowHttp: boolean,
  trust?: MetadataTrust,
): ImportedIdpMetadata {
  const doc = parse(xml);
  const entity = pickEntity(doc);
  const warnings: string[] = [];
  const entityId = readEntityId(doc, entity, now, warnings);
  checkDocumentSignature(doc, entity, trust, warnings);
  const idp = (
    select('./md:IDPSSODescriptor', entity as unknown as Node) as unknown as XmlElement[]
  )[0] as XmlElement;
  if (!attr(idp, 'protocolSupportEnumeration').split(/\s+/).includes(samlProtocol)) {
    refuse('the IDPSSODescriptor does not list SAML 2.0 in protocolSupportEnumeration');
  }
  const sso = readSsoService(idp, allowHttp, warnings);
  const { certificates, refusedCertificates } = readSigningCertificates(idp, now);
  return {
    entityId,
    ssoUrl: sso.url,
    ssoBinding: sso.binding,
    certificates,
    refusedCertificates,
    wantAuthnRequestsSigned: attr(idp, 'WantAuthnRequestsSigned') === 'true',
    warnings,
  };
}

/** The entityID, with a warning for a placeholder and for metadata past its validUntil. */
function readEntityId(
  doc: ReturnType<typeof parse>,
  entity: XmlElement,
  now: Date,
  warnings: string[],
): string {
  const entityId = attr(entity, 'entityID');
  if (!entityId) refuse('the EntityDescriptor has no entityID');
  if (!/^[a-z][a-z0-9+.-]*:/i.test(entityId)) {
    warnings.push(
      `the entityID "${entityId}" is not a URI (a placeholder left in the IdP?); it must match the Issuer of every response`,
    );
  }
  const validUntil =
    attr(entity, 'validUntil') ||
    (doc.documentElement ? attr(doc.documentElement as XmlElement, 'validUntil') : '');
  if (validUntil && new Date(validUntil).getTime() < now.getTime()) {
    warnings.push(`the metadata says it was valid until ${validUntil}; check the IdP for a current copy`);
  }
  return entityId;
}

/** The SSO endpoint: HTTP-Redirect where offered, else HTTP-POST (JumpCloud); https outside development. */
function readSsoService(
  idp: XmlElement,
  allowHttp: boolean,
  warnings: string[],
): { url: string; binding: 'redirect' | 'post' } {
  const services = (
    select('./md:SingleSignOnService', idp as unknown as Node) as unknown as XmlElement[]
  ).map((s) => ({
    binding: bindings[attr(s, 'Binding')],
    location: attr(s, 'Location'),
  }));
  const sso = services.find((s) => s.binding === 'redirect') ?? services.find((s) => s.binding === 'post');
  if (!sso?.binding || !sso.location)
    refuse('no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding');
  let url: URL;
  try {
    url = new URL(sso.location);
  } catch {
    return refuse(`the SSO URL "${sso.location}" is not a URL`);
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    refuse(
      `the SSO URL ${sso.location} is not https (allowed only when the service runs in development mode)`,
    );
  }
  if (sso.binding === 'post')
    warnings.push('the IdP offers only the HTTP-POST binding: sign-in requests are sent by POST');
  return { url: url.toString(), binding: sso.binding };
}

/** The usable signing certificates (two at most, for rollover) and why the others were refused. */
function readSigningCertificates(
  idp: XmlElement,
  now: Date,
): Pick<ImportedIdpMetadata, 'certificates' | 'refusedCertificates'> {
  const keyInfos = select(
    './md:KeyDescriptor[not(@use) or @use="signing"]/ds:KeyInfo/ds:X509Data/ds:X509Certificate',
    idp as unknown as Node,
  ) as unknown as XmlElement[];
  const seen = new Set<string>();
  const certificates: CertificateInfo[] = [];
  const refusedCertificates: ImportedIdpMetadata['refusedCertificates'] = [];
  for (const node of keyInfos) {
    const check = checkCertificate(node.textContent ?? '', now);
    if (check.ok) {
      if (seen.has(check.cert.fingerprintSha256)) continue;
      seen.add(check.cert.fingerprintSha256);
      certificates.push(check.cert);
    } else {
      refusedCertificates.push({ subject: null, reason: `a signing certificate ${check.reason}` });
    }
  }
  const uniqueRefusals = [...new Map(refusedCertificates.map((r) => [r.reason, r])).values()];
  if (certificates.length === 0) {
    refuse(
      uniqueRefusals.length > 0
        ? `no usable signing certificate: ${uniqueRefusals.map((r) => r.reason).join('; ')}`
        : 'no signing certificate (KeyDescriptor use="signing" with an X509Certificate) in the IDPSSODescriptor',
    );
  }
  // Two at most (rollover): keep the ones that last longest.
  certificates.sort((a, b) => b.notAfter.localeCompare(a.notAfter));
  for (const dropped of certificates.splice(2)) {
    uniqueRefusals.push({
      subject: dropped.subject,
      reason: 'more than two signing certificates: kept the two that expire last',
    });
  }
  return { certificates, refusedCertificates: uniqueRefusals };
}
