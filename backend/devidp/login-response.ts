// Builds the dev IdP's SAML Response for a user, signed by samlify's IdP side,
// or broken on purpose by one fault switch, so QA can produce every SAML
// failure code. Never reachable from a production configuration.
import samlify from 'samlify';
import type { ServiceProvider } from '../saml/entities.ts';
import { bindings, nameIdEmail } from '../saml/entities.ts';
import { withoutSloWarning } from '../saml/quiet-samlify.ts';
import type { DevIdpKeys } from './dev-idp-keys.ts';

export const faults = [
  'none',
  'unsigned',
  'other-key',
  'wrong-issuer',
  'wrong-audience',
  'wrong-destination',
  'expired',
  'not-yet-valid',
  'unsolicited',
  'malformed',
  'groups-missing',
  'not-in-group',
  'replayed',
  'groups-overage',
  'two-assertions',
  'expired-cert',
  'sha1-signed',
] as const;
export type Fault = (typeof faults)[number];

export interface DevUser {
  email: string;
  externalId: string;
  displayName?: string;
  groups: string[];
}

export interface ResponseSpec {
  keys: DevIdpKeys;
  entityId: string;
  sp: ServiceProvider;
  requestId: string | null;
  user: DevUser;
  fault?: Fault;
  now?: Date;
  /** Keys used instead of `keys` for the "other-key" fault. */
  otherKeys?: DevIdpKeys;
  /** The same key in an expired certificate, for the "expired-cert" fault. */
  expiredKeys?: DevIdpKeys;
  /** Encrypt the assertion to the SP's encryption certificate (from its metadata). */
  encrypt?: boolean;
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

function attributeStatement(user: DevUser, fault: Fault): string {
  const attrs: [string, string[]][] = [
    ['http://schemas.microsoft.com/identity/claims/objectidentifier', [user.externalId]],
    ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', [user.email]],
    ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', [user.email]],
    ['http://schemas.microsoft.com/identity/claims/displayname', [user.displayName ?? user.email]],
  ];
  if (fault === 'groups-overage') {
    attrs.push([
      'http://schemas.microsoft.com/claims/groups.link',
      ['https://graph.microsoft.com/v1.0/users/x/getMemberObjects'],
    ]);
  } else if (fault === 'not-in-group') {
    attrs.push(['http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', ['some-unrelated-group']]);
  } else if (fault !== 'groups-missing') {
    attrs.push(['http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', user.groups]);
  }
  const body = attrs
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}">${values
          .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('');
  return `<saml:AttributeStatement>${body}</saml:AttributeStatement>`;
}

function tagValues(spec: ResponseSpec, fault: Fault, now: Date): Record<string, string> {
  const spMeta = spec.sp.entityMeta;
  // samlify's metadata lookup takes the short binding name.
  const acs = spMeta.getAssertionConsumerService('post') as string;
  const minutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString();
  const [notBefore, notOnOrAfter] =
    fault === 'expired'
      ? [minutes(-30), minutes(-20)]
      : fault === 'not-yet-valid'
        ? [minutes(20), minutes(30)]
        : [minutes(0), minutes(5)];
  const destination = fault === 'wrong-destination' ? 'https://elsewhere.example/acs' : acs;
  return {
    ID: `_${crypto.randomUUID()}`,
    AssertionID: `_${crypto.randomUUID()}`,
    Destination: destination,
    Audience:
      fault === 'wrong-audience' ? 'https://another-app.example/saml' : (spMeta.getEntityID() as string),
    SubjectRecipient: destination,
    Issuer: fault === 'wrong-issuer' ? 'https://impostor-idp.example/' : spec.entityId,
    IssueInstant: now.toISOString(),
    StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    ConditionsNotBefore: notBefore,
    ConditionsNotOnOrAfter: notOnOrAfter,
    SubjectConfirmationDataNotOnOrAfter: notOnOrAfter,
    NameIDFormat: nameIdEmail,
    NameID: spec.user.email,
    InResponseTo: fault === 'unsolicited' || !spec.requestId ? '' : spec.requestId,
    // Statements are XML: inserted after the tag replacement, which escapes values.
    AuthnStatement: authnMarker,
    AttributeStatement: attributeMarker,
  };
}

const authnMarker = '__LATCHKEY_AUTHN_STATEMENT__';
const attributeMarker = '__LATCHKEY_ATTRIBUTE_STATEMENT__';

function statements(spec: ResponseSpec, fault: Fault, now: Date): Record<string, string> {
  return {
    [authnMarker]: `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="_s${Date.now()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
    [attributeMarker]: attributeStatement(spec.user, fault),
  };
}

function fill(values: Record<string, string>, raw: Record<string, string>): string {
  let xml = samlify.SamlLib.replaceTagsByValue(samlify.SamlLib.defaultLoginResponseTemplate.context, values);
  for (const [marker, xmlPart] of Object.entries(raw)) xml = xml.replace(marker, xmlPart);
  // An empty InResponseTo attribute is not "absent": drop it for unsolicited responses.
  if (!values.InResponseTo) xml = xml.replace(/ InResponseTo=""/g, '');
  return xml;
}

export function devIdentityProvider(
  keys: DevIdpKeys,
  entityId: string,
  ssoUrl: string,
  encrypt = false,
  sha1 = false,
) {
  return withoutSloWarning(() =>
    samlify.IdentityProvider({
      entityID: entityId,
      isAssertionEncrypted: encrypt,
      // samlify signs responses with its "request" algorithm; SHA-1 only for the "sha1-signed" fault.
      ...(sha1 && { requestSignatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' }),
      privateKey: keys.privateKey,
      signingCert: keys.certificate,
      nameIDFormat: [nameIdEmail],
      singleSignOnService: [
        { Binding: bindings.redirect, Location: ssoUrl },
        { Binding: bindings.post, Location: ssoUrl },
      ],
    }),
  );
}

/** The base64 SAMLResponse the dev IdP would POST to the ACS. */
export async function buildLoginResponse(spec: ResponseSpec): Promise<string> {
  const fault = spec.fault ?? 'none';
  const now = spec.now ?? new Date();
  if (fault === 'malformed')
    return Buffer.from('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><oops').toString(
      'base64',
    );
  const values = tagValues(spec, fault, now);
  const raw = statements(spec, fault, now);
  if (fault === 'unsigned') return Buffer.from(fill(values, raw)).toString('base64');
  const keys =
    fault === 'other-key' && spec.otherKeys
      ? spec.otherKeys
      : fault === 'expired-cert' && spec.expiredKeys
        ? spec.expiredKeys
        : spec.keys;
  const idp = devIdentityProvider(
    keys,
    spec.entityId,
    'https://dev-idp.invalid/sso',
    spec.encrypt ?? false,
    fault === 'sha1-signed',
  );
  const created = (await idp.createLoginResponse(
    spec.sp,
    { extract: { request: { id: spec.requestId ?? '' } } },
    'post',
    { email: spec.user.email },
    { customTagReplacement: () => ({ id: values.ID ?? '', context: fill(values, raw) }) },
  )) as { context: string };
  if (fault !== 'two-assertions') return created.context;
  // A second, unsigned assertion next to the signed one: samlify would take the first it finds.
  const xml = Buffer.from(created.context, 'base64').toString('utf8');
  const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)?.[0] ?? '';
  // Its own ID (xs:ID is unique in a document): schema-valid, so the "exactly one assertion" check refuses it.
  const forged = assertion
    .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')
    .replace(/ ID="([^"]+)"/, ' ID="$1-second"')
    .replace(spec.user.email, 'ceo@victim.example');
  return Buffer.from(xml.replace('</samlp:Response>', `${forged}</samlp:Response>`)).toString('base64');
}
