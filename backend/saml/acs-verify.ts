// The CPU-bound half of the ACS flow, on one parsed document:
//   decodeResponse (size, markup count) → checkSchema (libxml2: depth, no DTD, XSD)
//   → parse once (xmldom) → checkShape (status; exactly one own assertion)
//   → checkResponseSignature → decrypt in place → checkAssertionSignature
//   → checkCovered → checkCertificateLive → read the facts from the verified nodes.
// It runs in a worker pool (saml/verify-pool.ts); the result is plain data,
// and a refusal comes back as a code rather than a thrown class.
import type { Document as XmlDocument, Element as XmlElement } from '@xmldom/xmldom';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { FailureCode } from '../../common/failure-codes.ts';
import type { IdpConfigsTable } from '../db/schema.ts';
import { decryptAssertionInPlace } from './assertion-decrypt.ts';
import { readAssertion, readResponse, type AssertionFacts, type ResponseFacts } from './assertion-facts.ts';
import { idpCertificatesOf, type IdpCertificate } from './idp-certificates.ts';
import { SchemaError, validateSamlSchema } from './schema-validator.ts';
import { checkEnvelopedSignature, type SignatureCheck, type SignaturePolicy } from './xml-signature.ts';
import { parseXml } from './xml-dom.ts';

export interface VerifyInput {
  samlResponse: string;
  config: Pick<IdpConfigsTable, 'certificates' | 'require_signed_response'> &
    Partial<Pick<IdpConfigsTable, 'allow_sha1'>>;
  nowMs: number;
  /** The SP's key pair when the account receives encrypted assertions. */
  decryption?: { privateKey: string; certificate: string };
}

export type VerifiedResponse = Omit<ResponseFacts, 'assertions' | 'encryptedAssertions'>;

export type VerifyOutput =
  | { ok: true; response: VerifiedResponse; assertion: AssertionFacts; evidence: Record<string, unknown> }
  | { ok: false; code: FailureCode; detail: string; evidence: Record<string, unknown> };

const successStatus = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const maxResponseBytes = 512 * 1024;
/** Elements, comments and PIs together: a real response has a few hundred. */
const maxMarkup = 20_000;

function decodeResponse(encoded: string): string {
  if (encoded.length > (maxResponseBytes * 4) / 3)
    throw new LatchkeyError('SAML_MALFORMED', 'SAMLResponse is too large');
  const xml = Buffer.from(encoded, 'base64').toString('utf8');
  if (!xml.trimStart().startsWith('<'))
    throw new LatchkeyError('SAML_MALFORMED', 'SAMLResponse is not base64-encoded XML');
  let markup = 0;
  for (let i = xml.indexOf('<'); i !== -1; i = xml.indexOf('<', i + 1)) {
    if (++markup > maxMarkup) throw new LatchkeyError('SAML_MALFORMED', 'SAMLResponse has too many elements');
  }
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

function checkShape(response: ResponseFacts, evidence: Record<string, unknown>): void {
  if (response.statusCode !== successStatus) {
    throw new LatchkeyError(
      'SAML_MALFORMED',
      `the IdP answered with status ${response.statusCode ?? 'none'}`,
      evidence,
    );
  }
  // Only the Response's own children count (an Advice may hold more, saml-core §2.6.1);
  // a second one is how wrapping attacks hide, and samlify would take the first.
  const count = response.assertions.length + response.encryptedAssertions.length;
  if (count !== 1) {
    throw new LatchkeyError(
      'SAML_MALFORMED',
      `the response holds ${count} assertions; exactly one is allowed`,
      evidence,
    );
  }
}

async function topLevelAssertion(
  doc: XmlDocument,
  response: ResponseFacts,
  input: VerifyInput,
  evidence: Record<string, unknown>,
): Promise<XmlElement> {
  const [plain] = response.assertions;
  if (plain) return plain;
  const encrypted = response.encryptedAssertions[0] as XmlElement;
  if (!input.decryption)
    throw new LatchkeyError(
      'SAML_MALFORMED',
      'the assertion is encrypted but this account has no SP decryption key',
      evidence,
    );
  evidence.encrypted = true;
  return decryptAssertionInPlace(doc, encrypted, input.decryption.privateKey, evidence);
}

function signatureEvidence(check: SignatureCheck) {
  return check.status === 'absent'
    ? 'absent'
    : { algorithm: check.algorithm, verifiedBy: check.certificate.fingerprintSha256 };
}

/** A signature counts only from a certificate that is still valid (saml-metadata §2.4.1.1 leaves expiry to the SP). */
function checkCertificateLive(cert: IdpCertificate, now: Date, evidence: Record<string, unknown>): void {
  if (cert.notAfter <= now) {
    throw new LatchkeyError(
      'SAML_CERT_EXPIRED',
      `the IdP certificate that signed this response (${cert.fingerprintSha256}) expired on ${cert.notAfter.toISOString()}`,
      evidence,
    );
  }
}

async function verifyDocument(input: VerifyInput, evidence: Record<string, unknown>) {
  const xml = decodeResponse(input.samlResponse);
  checkSchema(xml);
  const doc = parseXml(xml);
  const root = doc.documentElement as XmlElement;
  const response = readResponse(root);
  // Unverified: lets the route end the pending sign-in this answer claims to be for.
  evidence.claimedInResponseTo = response.inResponseTo;
  Object.assign(evidence, {
    responseIssuer: response.issuer,
    destination: response.destination,
    status: response.statusCode,
  });
  checkShape(response, evidence);

  const certs = idpCertificatesOf(input.config.certificates);
  const policy: SignaturePolicy = { allowSha1: input.config.allow_sha1 === 1 };
  // Over the Response as received (before decryption changes it); whenever present it must hold.
  const responseSig = checkEnvelopedSignature(doc, root, certs, policy, evidence);
  if (input.config.require_signed_response === 1 && responseSig.status === 'absent') {
    throw new LatchkeyError(
      'SAML_SIGNATURE_INVALID',
      'this account requires a signed Response, and it is not signed',
      evidence,
    );
  }
  const assertion = await topLevelAssertion(doc, response, input, evidence);
  // The assertion's own signature is checked whenever it carries one, whatever else is signed.
  const assertionSig = checkEnvelopedSignature(doc, assertion, certs, policy, evidence);
  evidence.signatures = {
    response: signatureEvidence(responseSig),
    assertion: signatureEvidence(assertionSig),
  };
  const verifying = [assertionSig, responseSig].flatMap((s) => (s.status === 'valid' ? [s] : []));
  if (verifying.length === 0) {
    throw new LatchkeyError(
      'SAML_SIGNATURE_INVALID',
      'no signature made with a configured certificate covers the assertion',
      evidence,
    );
  }
  const now = new Date(input.nowMs);
  for (const s of verifying) checkCertificateLive(s.certificate, now, evidence);
  const first = verifying[0] as Extract<SignatureCheck, { status: 'valid' }>;
  evidence.verifiedBy = first.certificate.fingerprintSha256;
  evidence.verifiedByKeyInfo = first.keyInfoMatched;
  const { assertions: _a, encryptedAssertions: _e, ...facts } = response;
  return { response: facts, assertion: readAssertion(assertion) };
}

export async function verifyResponse(input: VerifyInput): Promise<VerifyOutput> {
  const evidence: Record<string, unknown> = {};
  try {
    return { ok: true, ...(await verifyDocument(input, evidence)), evidence };
  } catch (err) {
    if (err instanceof LatchkeyError)
      return { ok: false, code: err.code, detail: err.message, evidence: { ...evidence, ...err.evidence } };
    // Anything else is still a refusal with a code (the ACS never answers 500 to an IdP's post).
    const detail = `the response could not be processed (${(err as Error).name}: ${(err as Error).message.slice(0, 200)})`;
    return { ok: false, code: 'SAML_MALFORMED', detail, evidence };
  }
}
