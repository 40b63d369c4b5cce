// Reads what the checks decide on from the *verified* assertion (and the
// outer Response, whose attributes count only as extra mismatches).
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import xpath from 'xpath';
import type { SamlAttributes } from './attribute-presets.ts';

const select = xpath.useNamespaces({
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
});

export interface AssertionFacts {
  assertionId: string;
  issuer: string | null;
  audiences: string[];
  notBefore: string | null;
  notOnOrAfter: string | null;
  /** From the bearer SubjectConfirmationData (saml-profiles §4.1.4.2). */
  recipient: string | null;
  inResponseTo: string | null;
  confirmationNotOnOrAfter: string | null;
  nameId: string | null;
  attributes: SamlAttributes;
}

export interface ResponseFacts {
  destination: string | null;
  inResponseTo: string | null;
  issuer: string | null;
  statusCode: string | null;
  /** Assertion and EncryptedAssertion elements anywhere in the document. */
  assertionCount: number;
  encrypted: boolean;
}

const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml') as unknown as Node;
const nodes = (expr: string, ctx: Node) => select(expr, ctx) as unknown as XmlElement[];
const text = (expr: string, ctx: Node) => nodes(expr, ctx)[0]?.textContent?.trim() ?? null;
const attr = (expr: string, name: string, ctx: Node) => nodes(expr, ctx)[0]?.getAttribute(name) || null;

export function readResponse(xml: string): ResponseFacts {
  const doc = parse(xml);
  return {
    destination: attr('/samlp:Response', 'Destination', doc),
    inResponseTo: attr('/samlp:Response', 'InResponseTo', doc),
    issuer: text('/samlp:Response/saml:Issuer', doc),
    statusCode: attr('/samlp:Response/samlp:Status/samlp:StatusCode', 'Value', doc),
    assertionCount: nodes('//saml:Assertion | //saml:EncryptedAssertion', doc).length,
    encrypted: nodes('/samlp:Response/saml:EncryptedAssertion', doc).length === 1,
  };
}

export function readAssertion(verifiedAssertionXml: string): AssertionFacts {
  const doc = parse(verifiedAssertionXml);
  const a = '/saml:Assertion';
  const scd = `${a}/saml:Subject/saml:SubjectConfirmation[@Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"]/saml:SubjectConfirmationData`;
  const attributes: SamlAttributes = {};
  for (const el of nodes(`${a}/saml:AttributeStatement/saml:Attribute`, doc)) {
    const name = el.getAttribute('Name');
    if (!name) continue;
    attributes[name] = nodes('./saml:AttributeValue', el as unknown as Node).map(
      (v) => v.textContent?.trim() ?? '',
    );
  }
  return {
    assertionId: attr(a, 'ID', doc) ?? '',
    issuer: text(`${a}/saml:Issuer`, doc),
    audiences: nodes(`${a}/saml:Conditions/saml:AudienceRestriction/saml:Audience`, doc).map(
      (n) => n.textContent?.trim() ?? '',
    ),
    notBefore: attr(`${a}/saml:Conditions`, 'NotBefore', doc),
    notOnOrAfter: attr(`${a}/saml:Conditions`, 'NotOnOrAfter', doc),
    recipient: attr(scd, 'Recipient', doc),
    inResponseTo: attr(scd, 'InResponseTo', doc),
    confirmationNotOnOrAfter: attr(scd, 'NotOnOrAfter', doc),
    // Text of the NameID as the signature covered it; comments inside do not split it (xmldom joins text nodes).
    nameId: text(`${a}/saml:Subject/saml:NameID`, doc),
    attributes,
  };
}
