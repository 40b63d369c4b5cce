// Reads what the checks decide on, from the nodes the signature check
// verified: the Response element (its attributes count only as extra
// mismatches) and the top-level assertion — never an assertion inside
// <Advice> (saml-core §2.6: advice is not the issuer's statement about the subject).
import type { Element as XmlElement } from '@xmldom/xmldom';
import type { SamlAttributes } from './attribute-presets.ts';
import { assertionNs, attrOf, childElements, onlyChild, protocolNs, textOf } from './xml-dom.ts';

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
  /** The Response's own Assertion and EncryptedAssertion children (saml-core §3.3.3). */
  assertions: XmlElement[];
  encryptedAssertions: XmlElement[];
}

const bearer = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export function readResponse(root: XmlElement): ResponseFacts {
  const status = onlyChild(root, protocolNs, 'Status');
  return {
    destination: attrOf(root, 'Destination'),
    inResponseTo: attrOf(root, 'InResponseTo'),
    issuer: textOf(onlyChild(root, assertionNs, 'Issuer')),
    statusCode: attrOf(onlyChild(status, protocolNs, 'StatusCode'), 'Value'),
    assertions: childElements(root, assertionNs, 'Assertion'),
    encryptedAssertions: childElements(root, assertionNs, 'EncryptedAssertion'),
  };
}

function bearerConfirmationData(subject: XmlElement | undefined): XmlElement | undefined {
  const confirmation = (subject ? childElements(subject, assertionNs, 'SubjectConfirmation') : []).find(
    (c) => c.getAttribute('Method') === bearer,
  );
  return onlyChild(confirmation, assertionNs, 'SubjectConfirmationData');
}

function readAttributes(assertion: XmlElement): SamlAttributes {
  // Keyed by the IdP's attribute names: no prototype (a "__proto__" attribute is just a name).
  const attributes = Object.create(null) as SamlAttributes;
  for (const statement of childElements(assertion, assertionNs, 'AttributeStatement')) {
    for (const el of childElements(statement, assertionNs, 'Attribute')) {
      const name = el.getAttribute('Name');
      if (!name) continue;
      attributes[name] = childElements(el, assertionNs, 'AttributeValue').map((v) => textOf(v) ?? '');
    }
  }
  return attributes;
}

export function readAssertion(assertion: XmlElement): AssertionFacts {
  const subject = onlyChild(assertion, assertionNs, 'Subject');
  const conditions = onlyChild(assertion, assertionNs, 'Conditions');
  const scd = bearerConfirmationData(subject);
  const audiences = (conditions ? childElements(conditions, assertionNs, 'AudienceRestriction') : []).flatMap(
    (r) => childElements(r, assertionNs, 'Audience').map((a) => textOf(a) ?? ''),
  );
  return {
    assertionId: attrOf(assertion, 'ID') ?? '',
    issuer: textOf(onlyChild(assertion, assertionNs, 'Issuer')),
    audiences,
    notBefore: attrOf(conditions, 'NotBefore'),
    notOnOrAfter: attrOf(conditions, 'NotOnOrAfter'),
    recipient: attrOf(scd, 'Recipient'),
    inResponseTo: attrOf(scd, 'InResponseTo'),
    confirmationNotOnOrAfter: attrOf(scd, 'NotOnOrAfter'),
    // Text of the NameID as the signature covered it; comments inside do not split it (xmldom joins text nodes).
    nameId: textOf(onlyChild(subject, assertionNs, 'NameID')),
    attributes: readAttributes(assertion),
  };
}
