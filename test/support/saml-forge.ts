// Hand-built SAML Responses for the shapes the dev IdP (samlify) never sends
// but real IdPs do: a namespace prefix declared only on the Response, Advice,
// character references, SHA-1, an encrypted assertion whose plaintext relies on
// the Response's namespace declarations. Signed with xml-crypto and encrypted
// with xml-encryption (what samlify itself uses), exactly as an IdP would.
import { SignedXml } from 'xml-crypto';
import xmlenc from 'xml-encryption';

export interface ForgeSpec {
  keys: { privateKey: string; certificate: string };
  issuer: string;
  audience: string;
  acsUrl: string;
  requestId: string | null;
  email: string;
  groups?: string[];
  now?: Date;
  /** Declare `saml:` only on the Response (the assertion inherits it). */
  prefixOnResponse?: boolean;
  /** An Advice holding another (unsigned) assertion about someone else. */
  advice?: boolean;
  /** A carriage return written as `&#13;` in an attribute value the signature covers. */
  carriageReturn?: boolean;
  /** 'hmac-with-certificate': HMAC-SHA1 keyed with the IdP's public certificate (a known forgery). */
  algorithm?: 'sha256' | 'sha1' | 'hmac-with-certificate';
  signAssertion?: boolean;
  signResponse?: boolean;
  /** Encrypt the (signed) assertion to this SP certificate. */
  encryptTo?: string;
  /** The unsigned Response envelope's own values, where they should differ from the assertion's. */
  envelope?: { issuer?: string; destination?: string; inResponseTo?: string };
  /** Leave NotOnOrAfter off the bearer SubjectConfirmationData (Conditions keep theirs). */
  omitConfirmationExpiry?: boolean;
  /** Changes the assertion text after it was signed (and before it is encrypted). */
  tamper?: (assertionXml: string) => string;
}

const samlNs = 'urn:oasis:names:tc:SAML:2.0:assertion';
const protocolNs = 'urn:oasis:names:tc:SAML:2.0:protocol';
const algorithms = {
  sha256: {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
  },
  sha1: {
    signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
    digest: 'http://www.w3.org/2000/09/xmldsig#sha1',
  },
  'hmac-with-certificate': {
    signature: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
    digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
  },
};

function sign(xml: string, spec: ForgeSpec, localName: 'Assertion' | 'Response'): string {
  const alg = algorithms[spec.algorithm ?? 'sha256'];
  const hmac = spec.algorithm === 'hmac-with-certificate';
  const sig = new SignedXml({
    privateKey: hmac ? spec.keys.certificate : spec.keys.privateKey,
    publicCert: spec.keys.certificate,
    signatureAlgorithm: alg.signature,
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  if (hmac) sig.enableHMAC(); // the attacker's signer; the SP must never accept it
  const target = `//*[local-name(.)='${localName}' and namespace-uri(.)='${localName === 'Assertion' ? samlNs : protocolNs}' and not(ancestor::*[local-name(.)='Advice'])]`;
  sig.addReference({
    xpath: target,
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm: alg.digest,
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

function assertionXml(spec: ForgeSpec, now: Date): string {
  const iso = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const decl = spec.prefixOnResponse ? '' : ` xmlns:saml="${samlNs}"`;
  const irt = spec.requestId ? ` InResponseTo="${spec.requestId}"` : '';
  const advice = spec.advice
    ? `<saml:Advice><saml:Assertion ID="_adv${crypto.randomUUID()}" Version="2.0" IssueInstant="${iso(0)}"><saml:Issuer>https://advice-authority.example/</saml:Issuer><saml:Subject><saml:NameID>ceo@acme.example</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><saml:AttributeValue>ceo@acme.example</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></saml:Advice>`
    : '';
  const display = spec.carriageReturn ? 'Alice&#13;\nExample' : 'Alice Example';
  const groups = (spec.groups ?? []).map((g) => `<saml:AttributeValue>${g}</saml:AttributeValue>`).join('');
  return (
    `<saml:Assertion${decl} ID="_a${crypto.randomUUID()}" Version="2.0" IssueInstant="${iso(0)}">` +
    `<saml:Issuer>${spec.issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${spec.email}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${irt}${spec.omitConfirmationExpiry ? '' : ` NotOnOrAfter="${iso(5)}"`} Recipient="${spec.acsUrl}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(-1)}" NotOnOrAfter="${iso(5)}"><saml:AudienceRestriction><saml:Audience>${spec.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    advice +
    `<saml:AuthnStatement AuthnInstant="${iso(0)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>` +
    `<saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><saml:AttributeValue>${spec.email}</saml:AttributeValue></saml:Attribute>` +
    `<saml:Attribute Name="http://schemas.microsoft.com/identity/claims/displayname"><saml:AttributeValue>${display}</saml:AttributeValue></saml:Attribute>` +
    (groups
      ? `<saml:Attribute Name="http://schemas.microsoft.com/ws/2008/06/identity/claims/groups">${groups}</saml:Attribute>`
      : '') +
    `</saml:AttributeStatement></saml:Assertion>`
  );
}

function encrypt(plaintext: string, certificate: string): Promise<string> {
  return new Promise((resolve, reject) => {
    xmlenc.encrypt(
      plaintext,
      {
        rsa_pub: certificate,
        pem: certificate,
        encryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
        keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
      },
      (err: Error | null, result: string) => (err ? reject(err) : resolve(result)),
    );
  });
}

function wrapResponse(spec: ForgeSpec, now: Date, inner: string): string {
  const irt = spec.envelope?.inResponseTo ?? spec.requestId;
  return (
    `<samlp:Response xmlns:samlp="${protocolNs}" xmlns:saml="${samlNs}" ID="_r${crypto.randomUUID()}" Version="2.0" ` +
    `IssueInstant="${now.toISOString()}" Destination="${spec.envelope?.destination ?? spec.acsUrl}"${irt ? ` InResponseTo="${irt}"` : ''}>` +
    `<saml:Issuer>${spec.envelope?.issuer ?? spec.issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${inner}</samlp:Response>`
  );
}

/** The base64 SAMLResponse. */
export async function forgeResponse(spec: ForgeSpec): Promise<string> {
  const now = spec.now ?? new Date();
  let xml = wrapResponse(spec, now, assertionXml(spec, now));
  if (spec.signAssertion ?? true) xml = sign(xml, spec, 'Assertion');
  // xmldom writes the carriage return back as &#xD;; IdPs write &#13; — the same character.
  if (spec.carriageReturn) xml = xml.replace('Alice&#xD;', 'Alice&#13;');
  const assertion = /<saml:Assertion [\s\S]*<\/saml:Assertion>(?=<\/samlp:Response>)/.exec(xml)?.[0] ?? '';
  const changed = spec.tamper ? spec.tamper(assertion) : assertion;
  if (spec.encryptTo) {
    // The plaintext is the assertion's text as it stands in the Response: prefixes declared
    // on the Response stay undeclared in it (XML Encryption §4.1 leaves the context to the document).
    const encrypted = await encrypt(changed, spec.encryptTo);
    xml = xml.replace(assertion, `<saml:EncryptedAssertion>${encrypted}</saml:EncryptedAssertion>`);
  } else {
    xml = xml.replace(assertion, changed);
  }
  if (spec.signResponse) xml = sign(xml, spec, 'Response');
  return Buffer.from(xml).toString('base64');
}
