// The CPU-bound half of the ACS flow: decode, schema, shape, signature and
// reading the signed facts. ~5 ms of synchronous xmldom/xpath/crypto work per
// response, so it runs in a worker pool (saml/verify-pool.ts); the result is
// plain data, and a refusal comes back as a code rather than a thrown class.
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import samlify from 'samlify';
import { SignedXml } from 'xml-crypto';
import xpath from 'xpath';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { FailureCode } from '../../common/failure-codes.ts';
import type { IdpConfigsTable } from '../db/schema.ts';
import { checkCertificate, type CertificateInfo } from '../integration/certificates.ts';
import { readAssertion, readResponse, type AssertionFacts, type ResponseFacts } from './assertion-facts.ts';
import { identityProviderFor, serviceProviderFor } from './entities.ts';
import { SchemaError, validateSamlSchema } from './schema-validator.ts';

const responseSelect = xpath.useNamespaces({
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
});

export interface VerifyInput {
  samlResponse: string;
  config: Pick<
    IdpConfigsTable,
    'certificates' | 'idp_entity_id' | 'sso_url' | 'sso_binding' | 'require_signed_response'
  >;
  nowMs: number;
  /** The SP's key pair when the account receives encrypted assertions. */
  decryption?: { privateKey: string; certificate: string };
}

export type VerifyOutput =
  | { ok: true; response: ResponseFacts; assertion: AssertionFacts; evidence: Record<string, unknown> }
  | { ok: false; code: FailureCode; detail: string; evidence: Record<string, unknown> };

const successStatus = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const maxResponseBytes = 512 * 1024;

function decodeResponse(encoded: string): string {
  if (encoded.length > (maxResponseBytes * 4) / 3)
    throw new LatchkeyError('SAML_MALFORMED', 'SAMLResponse is too large');
  const xml = Buffer.from(encoded, 'base64').toString('utf8');
  if (!xml.trimStart().startsWith('<'))
    throw new LatchkeyError('SAML_MALFORMED', 'SAMLResponse is not base64-encoded XML');
  return xml;
}

function checkSchema(xml: string): void {
  try {
    validateSamlSchema(xml);
  } catch (err) {
    if (err instanceof SchemaError) throw new LatchkeyError('SAML_MALFORMED', err.message);
    throw err;
  }
}

function checkShape(xml: string, evidence: Record<string, unknown>) {
  const response = readResponse(xml);
  Object.assign(evidence, {
    responseIssuer: response.issuer,
    destination: response.destination,
    status: response.statusCode,
  });
  if (response.statusCode !== successStatus) {
    throw new LatchkeyError(
      'SAML_MALFORMED',
      `the IdP answered with status ${response.statusCode ?? 'none'}`,
      evidence,
    );
  }
  // samlify takes the first assertion silently; a second one is how wrapping attacks hide.
  if (response.assertionCount !== 1) {
    throw new LatchkeyError(
      'SAML_MALFORMED',
      `the response holds ${response.assertionCount} assertions; exactly one is allowed`,
      evidence,
    );
  }
  return response;
}

function verifyWithSamlify(
  xml: string,
  config: IdpConfigsTable,
  evidence: Record<string, unknown>,
): [boolean, string | null] {
  try {
    return samlify.SamlLib.verifySignature(xml, { metadata: identityProviderFor(config).entityMeta }) as [
      boolean,
      string | null,
    ];
  } catch (err) {
    throw new LatchkeyError(
      'SAML_SIGNATURE_INVALID',
      `signature check failed: ${(err as Error).message}`,
      evidence,
    );
  }
}

function checkSignature(xml: string, config: IdpConfigsTable, evidence: Record<string, unknown>): string {
  const [verified, assertionXml] = verifyWithSamlify(xml, config, evidence);
  if (!verified || !assertionXml) {
    throw new LatchkeyError(
      'SAML_SIGNATURE_INVALID',
      'no signature made with a configured certificate covers the assertion',
      evidence,
    );
  }
  return assertionXml;
}

/** The account's certificates, parsed once per response (expired ones included: expiry is judged below). */
function configuredCertificates(config: IdpConfigsTable): CertificateInfo[] {
  return (JSON.parse(config.certificates) as string[]).flatMap((pem) => {
    const c = checkCertificate(pem, new Date(0));
    return c.ok ? [c.cert] : [];
  });
}

function checkCertificatesLive(certs: CertificateInfo[], now: Date, evidence: Record<string, unknown>): void {
  evidence.certificates = certs.map((c) => ({
    fingerprintSha256: c.fingerprintSha256,
    notAfter: c.notAfter,
  }));
  if (!certs.some((c) => new Date(c.notAfter) > now)) {
    throw new LatchkeyError('SAML_CERT_EXPIRED', 'every configured IdP certificate has expired', evidence);
  }
}

/** The fingerprint of the configured certificate that verified: the one in KeyInfo, else the first (what samlify uses). */
function verifyingCertificate(xml: string, certs: CertificateInfo[]): string | null {
  const embedded = /<(?:\w+:)?X509Certificate>([^<]+)</.exec(xml)?.[1]?.replace(/\s+/g, '');
  const match = embedded
    ? certs.find((c) => c.pem.replace(/-----[^-]+-----|\s+/g, '') === embedded)
    : certs[0];
  return match?.fingerprintSha256 ?? null;
}

/**
 * Whether the Response itself (not just its assertion) carries a valid
 * signature by a configured certificate whose reference is the Response's own
 * ID. samlify's check accepts either signature, so this one is ours.
 */
function responseSignatureHolds(xml: string, config: IdpConfigsTable): boolean {
  const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as Node;
  const root = (responseSelect('/samlp:Response', doc) as unknown as XmlElement[])[0];
  const signature = (responseSelect('/samlp:Response/ds:Signature', doc) as unknown as Node[])[0];
  if (!root || !signature) return false;
  const expectedUri = `#${root.getAttribute('ID') ?? ''}`;
  return (JSON.parse(config.certificates) as string[]).some((pem) => {
    try {
      const sig = new SignedXml({ publicCert: pem });
      sig.loadSignature(signature);
      return sig.checkSignature(xml) && sig.getReferences().every((r) => r.uri === expectedUri);
    } catch {
      return false;
    }
  });
}

/**
 * An EncryptedAssertion is decrypted with the SP key. When the IdP signed the
 * Response over the encrypted assertion, that signature is checked first;
 * otherwise the decrypted assertion must carry its own valid signature.
 */
async function decryptAndVerify(
  xml: string,
  input: VerifyInput,
  evidence: Record<string, unknown>,
): Promise<string> {
  if (!input.decryption)
    throw new LatchkeyError(
      'SAML_MALFORMED',
      'the assertion is encrypted but this account has no SP decryption key',
      evidence,
    );
  const config = input.config as IdpConfigsTable;
  const sp = serviceProviderFor('urn:latchkey:decrypt', 'decrypt', {
    keys: input.decryption,
    sign: false,
    encrypt: true,
  });
  const outerSigned = responseSignatureHolds(xml, config);
  let decrypted: [string, string];
  try {
    decrypted = (await samlify.SamlLib.decryptAssertion(sp, xml)) as [string, string];
  } catch (err) {
    throw new LatchkeyError(
      'SAML_MALFORMED',
      `the encrypted assertion could not be decrypted: ${(err as Error).message}`,
      evidence,
    );
  }
  evidence.encrypted = true;
  return outerSigned ? decrypted[1] : checkSignature(decrypted[0], config, evidence);
}

export async function verifyResponse(input: VerifyInput): Promise<VerifyOutput> {
  const evidence: Record<string, unknown> = {};
  try {
    const config = input.config as IdpConfigsTable;
    const xml = decodeResponse(input.samlResponse);
    checkSchema(xml);
    const response = checkShape(xml, evidence);
    if (config.require_signed_response === 1 && !responseSignatureHolds(xml, config)) {
      throw new LatchkeyError(
        'SAML_SIGNATURE_INVALID',
        'this account requires a signed Response, and its signature is missing or invalid',
        evidence,
      );
    }
    const assertionXml = response.encrypted
      ? await decryptAndVerify(xml, input, evidence)
      : checkSignature(xml, config, evidence);
    // After the signature, on every path (a Response-signed encrypted assertion included).
    const certs = configuredCertificates(config);
    checkCertificatesLive(certs, new Date(input.nowMs), evidence);
    evidence.verifiedBy = verifyingCertificate(xml, certs);
    return { ok: true, response, assertion: readAssertion(assertionXml), evidence };
  } catch (err) {
    if (err instanceof LatchkeyError)
      return { ok: false, code: err.code, detail: err.message, evidence: err.evidence };
    throw err;
  }
}
