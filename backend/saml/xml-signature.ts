// Verifies one enveloped XML signature with xml-crypto on the DOM the ACS
// already holds (no re-parse of the response), against the configured
// certificates only — never a key the message itself carries. The signature
// must sit directly in the element it signs and have exactly one Reference,
// to that element's ID (saml-core §5.4.1–5.4.2): so what is verified is the
// node the facts are then read from, not whatever an XPath selects later.
import type { Document as XmlDocument, Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom';
import type { KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
// The same helpers checkSignature() uses, reached without its whole-document XPath queries (xml-crypto 6.3, pinned).
import { findAncestorNsForElement, findChildren, validateDigestValue } from 'xml-crypto/lib/utils.js';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { IdpCertificate } from './idp-certificates.ts';
import { childElements, dsNs } from './xml-dom.ts';

export interface SignaturePolicy {
  /** RSA-SHA1 / SHA-1 digests, only when the account opted in (marked weak in the console). */
  allowSha1: boolean;
}

export type SignatureCheck =
  | { status: 'absent' }
  | {
      status: 'valid';
      certificate: IdpCertificate;
      algorithm: string;
      /** Fingerprint of the certificate in the signature's KeyInfo when it is a configured one. */
      keyInfoMatched: boolean;
    };

const sha1 = {
  signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  digest: 'http://www.w3.org/2000/09/xmldsig#sha1',
};
const strongSignatures = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
]);
const strongDigests = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512',
]);
// saml-core §5.4.4: enveloped-signature plus exclusive c14n; inclusive c14n is what
// xml-crypto appends after a lone enveloped transform (xmldsig-core §4.3.3.2).
const allowedTransforms = new Set([
  'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
]);

interface LoadedReference {
  uri: string;
  digestAlgorithm: string;
  digestValue: string;
  transforms: readonly string[];
  inclusiveNamespacesPrefixList: string[];
}

type NamespaceInScope = ReturnType<typeof findAncestorNsForElement>[number];

/**
 * The parts of xml-crypto's checkSignature() that take a document, reached
 * without its own re-parse of the whole message (xml-crypto 6.3, pinned):
 * checkSignature(xml) only parses the string and then runs these steps.
 */
interface SignedXmlSteps {
  references: LoadedReference[];
  signatureValue: string;
  canonicalizationAlgorithm: string | undefined;
  idAttributes: string[];
  getCanonXml(
    transforms: readonly string[],
    node: unknown,
    options: { ancestorNamespaces: NamespaceInScope[] },
  ): string;
  canonicalize(
    transforms: readonly string[],
    node: unknown,
    options: { inclusiveNamespacesPrefixList: string[]; ancestorNamespaces: NamespaceInScope[] },
    flags: { discardComments: boolean },
  ): string;
  findHashAlgorithm(name: string): { getHash(xml: string): string };
}

const xmlnsNs = 'http://www.w3.org/2000/xmlns/';

/**
 * How many (element, ID attribute name) pairs in the document carry `id` — what
 * xml-crypto's validateReference counts with one XPath per name
 * (//*[@*[local-name(.)='ID']='…']), in one walk: more than one is how a
 * signature-wrapping attack hides a second element with the signed ID.
 */
function elementsWithId(doc: XmlDocument, names: readonly string[], id: string): number {
  let count = 0;
  const stack: XmlNode[] = doc.documentElement ? [doc.documentElement] : [];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const el = node as XmlElement;
    const attrs = el.attributes;
    for (const name of names) {
      for (let i = 0; i < attrs.length; i++) {
        const attr = attrs.item(i);
        // Namespace declarations are no attributes in XPath's data model.
        if (attr && attr.localName === name && attr.value === id && attr.namespaceURI !== xmlnsNs) {
          count++;
          break;
        }
      }
    }
    for (let c = el.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c);
  }
  return count;
}

/**
 * The canonical SignedInfo, as getCanonSignedInfoXml() makes it, with the
 * namespaces in scope of this signature's own SignedInfo (xml-crypto finds
 * "the" SignedInfo with an XPath over the whole document: the first one).
 */
function canonicalSignedInfo(steps: SignedXmlSteps, signature: XmlElement): string {
  const signedInfo = findChildren(signature as unknown as Node, 'SignedInfo');
  if (signedInfo.length !== 1 || typeof steps.canonicalizationAlgorithm !== 'string')
    throw new Error('the signature has no single SignedInfo with a canonicalization method');
  const node = signedInfo[0] as Element;
  return steps.getCanonXml([steps.canonicalizationAlgorithm], node, {
    ancestorNamespaces: findAncestorNsForElement(node),
  });
}

/**
 * validateReference() for the one reference a SAML signature has, to `signed`
 * itself (its ID checked by the caller): the same duplicate-ID refusal,
 * canonicalization (comments discarded: a same-document URI, xmldsig-core1
 * §4.4.3.3) and digest comparison, on the node in hand.
 */
function referenceDigestHolds(
  steps: SignedXmlSteps,
  doc: XmlDocument,
  signed: XmlElement,
  ref: LoadedReference,
): boolean {
  if (elementsWithId(doc, steps.idAttributes, ref.uri.slice(1)) !== 1) {
    throw new Error(
      'Cannot validate a document which contains multiple elements with the same value for the ID / Id / Id attributes, in order to prevent signature wrapping attack.',
    );
  }
  const canonical = steps.canonicalize(
    ref.transforms,
    signed,
    {
      inclusiveNamespacesPrefixList: ref.inclusiveNamespacesPrefixList,
      ancestorNamespaces: findAncestorNsForElement(signed as unknown as Element),
    },
    { discardComments: true },
  );
  const digest = steps.findHashAlgorithm(ref.digestAlgorithm).getHash(canonical);
  return validateDigestValue(digest, ref.digestValue);
}

function refuse(detail: string, evidence: Record<string, unknown>): never {
  throw new LatchkeyError('SAML_SIGNATURE_INVALID', detail, evidence);
}

function checkAlgorithm(uri: string | undefined, strong: Set<string>, weak: string, policy: SignaturePolicy) {
  if (uri && strong.has(uri)) return;
  if (uri === weak) {
    if (policy.allowSha1) return;
    throw new LatchkeyError(
      'SAML_WEAK_ALGORITHM',
      `the IdP signed with ${uri}; SHA-1 is refused unless the account allows it`,
    );
  }
  throw new LatchkeyError('SAML_SIGNATURE_INVALID', `the algorithm ${uri ?? '(none)'} is not accepted`);
}

function keyInfoCertificate(signature: XmlElement): string | null {
  const [keyInfo] = childElements(signature, dsNs, 'KeyInfo');
  const [x509Data] = keyInfo ? childElements(keyInfo, dsNs, 'X509Data') : [];
  const [cert] = x509Data ? childElements(x509Data, dsNs, 'X509Certificate') : [];
  return cert?.textContent?.replace(/\s+/g, '') || null;
}

/** Checks the signature that is a direct child of `signed`, if any; throws a coded error unless it holds. */
export function checkEnvelopedSignature(
  doc: XmlDocument,
  signed: XmlElement,
  certificates: IdpCertificate[],
  policy: SignaturePolicy,
  evidence: Record<string, unknown>,
): SignatureCheck {
  const signatures = childElements(signed, dsNs, 'Signature');
  if (signatures.length === 0) return { status: 'absent' };
  const id = signed.getAttribute('ID');
  if (signatures.length > 1 || !id)
    refuse(`the ${signed.localName} has more than one signature, or no ID`, evidence);
  const signature = signatures[0] as XmlElement;
  const sig = new SignedXml({ getCertFromKeyInfo: () => null });
  const steps = sig as unknown as SignedXmlSteps;
  let canonicalInfo: string;
  try {
    // Loads the references from the canonical SignedInfo (what is signed, not the raw text).
    sig.loadSignature(signature as unknown as Node);
    canonicalInfo = canonicalSignedInfo(steps, signature);
  } catch (err) {
    refuse(`the ${signed.localName} signature cannot be read: ${(err as Error).message}`, evidence);
  }
  try {
    checkAlgorithm(sig.signatureAlgorithm, strongSignatures, sha1.signature, policy);
    for (const ref of steps.references)
      checkAlgorithm(ref.digestAlgorithm, strongDigests, sha1.digest, policy);
  } catch (err) {
    if (err instanceof LatchkeyError) Object.assign(err.evidence, evidence);
    throw err;
  }
  const [ref] = steps.references;
  if (steps.references.length !== 1 || ref?.uri !== `#${id}`)
    refuse(`the ${signed.localName} signature does not reference the ${signed.localName} itself`, evidence);
  if (!ref.transforms.every((t) => allowedTransforms.has(t)))
    refuse(`the ${signed.localName} signature uses a transform SAML does not allow`, evidence);
  let digestHolds: boolean;
  try {
    // Refuses a document in which another element carries the same ID (signature wrapping).
    digestHolds = referenceDigestHolds(steps, doc, signed, ref);
  } catch (err) {
    refuse((err as Error).message, evidence);
  }
  if (!digestHolds) refuse(`the ${signed.localName} was changed after it was signed`, evidence);

  const algorithm = sig.signatureAlgorithm as string;
  const Verifier = sig.SignatureAlgorithms[algorithm as keyof typeof sig.SignatureAlgorithms];
  if (!Verifier) refuse(`the algorithm ${algorithm} is not supported`, evidence);
  const verifier = new Verifier();
  const embedded = keyInfoCertificate(signature);
  // The certificate named in KeyInfo first (when it is one of ours), then the others.
  const ordered = [...certificates].sort((a, b) => Number(b.der === embedded) - Number(a.der === embedded));
  for (const certificate of ordered) {
    const key: KeyObject = certificate.publicKey;
    if (verifier.verifySignature(canonicalInfo, key as never, steps.signatureValue)) {
      return { status: 'valid', certificate, algorithm, keyInfoMatched: certificate.der === embedded };
    }
  }
  return refuse(`the ${signed.localName} signature was not made with a configured certificate`, evidence);
}
