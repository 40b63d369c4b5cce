// Decrypts an EncryptedAssertion into the Response it stands in. The
// plaintext is an XML fragment that may use prefixes declared on the
// Response (xmlenc-core §4.4: it is processed "in the context of" the
// replaced element), so it is parsed inside the namespaces in scope there and
// put in place of the EncryptedAssertion: the assertion's own signature is
// then checked where it stands, and its facts read from that node.
//
// samlify's decryptAssertion parses the plaintext out of context (an unbound
// prefix throws), so this calls xml-encryption (auth0's; samlify uses a fork
// of it) directly, on a document holding only the EncryptedAssertion. The
// algorithms are ours to allow: AES-CBC stays accepted as samlify accepts it
// (AD FS and samlify's own IdP default to it); RSA v1.5 key transport and 3DES
// are refused (xmlenc-core1 §5.5.1, §5.2.1).
import type { Document as XmlDocument, Element as XmlElement } from '@xmldom/xmldom';
import xmlenc from 'xml-encryption';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { SchemaError, checkWellFormed, validateSamlSchema } from './schema-validator.ts';
import { assertionNs, childElements, parseXml } from './xml-dom.ts';

const xencNs = 'http://www.w3.org/2001/04/xmlenc#';
const dataAlgorithms = new Set([
  'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
]);
const keyAlgorithms = new Set([
  'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  'http://www.w3.org/2009/xmlenc11#rsa-oaep',
]);

/** Every EncryptionMethod inside the EncryptedAssertion must be one we allow. */
function checkAlgorithms(encrypted: XmlElement): void {
  const methods = encrypted.getElementsByTagNameNS(xencNs, 'EncryptionMethod');
  for (let i = 0; i < methods.length; i++) {
    const method = methods.item(i) as XmlElement;
    const algorithm = method.getAttribute('Algorithm') ?? '';
    const parent = (method.parentNode as XmlElement | null)?.localName;
    const allowed = parent === 'EncryptedKey' ? keyAlgorithms : dataAlgorithms;
    if (!allowed.has(algorithm)) throw new Error(`the encryption algorithm ${algorithm} is not accepted`);
  }
}

const escapeAttr = (s: string) =>
  s.replace(/[&<"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '"': '&quot;' })[c] ?? c);

/** `xmlns` declarations in scope at `el`, nearest first wins. */
function inScopeNamespaces(el: XmlElement): string {
  const seen = new Map<string, string>();
  for (let n: XmlElement | null = el; n && n.nodeType === 1; n = n.parentNode as XmlElement | null) {
    for (let i = 0; i < n.attributes.length; i++) {
      const a = n.attributes.item(i);
      if (!a || (a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))) continue;
      if (!seen.has(a.name)) seen.set(a.name, a.value);
    }
  }
  return [...seen].map(([name, uri]) => `${name}="${escapeAttr(uri)}"`).join(' ');
}

function decryptPlaintext(encrypted: XmlElement, privateKey: string): Promise<string> {
  checkAlgorithms(encrypted);
  const owner = encrypted.ownerDocument as XmlDocument;
  const alone = owner.implementation.createDocument(null, '', null);
  alone.appendChild(alone.importNode(encrypted, true));
  return new Promise((resolve, reject) => {
    const options = {
      key: privateKey,
      disallowDecryptionWithInsecureAlgorithm: false,
      warnInsecureAlgorithm: false,
    };
    xmlenc.decrypt(alone as unknown as string, options, (err, result) =>
      err || !result ? reject(err ?? new Error('nothing decrypted')) : resolve(result),
    );
  });
}

export async function decryptAssertionInPlace(
  doc: XmlDocument,
  encrypted: XmlElement,
  privateKey: string,
  evidence: Record<string, unknown>,
): Promise<XmlElement> {
  const malformed = (detail: string) => new LatchkeyError('SAML_MALFORMED', detail, evidence);
  let plaintext: string;
  try {
    plaintext = await decryptPlaintext(encrypted, privateKey);
  } catch (err) {
    throw malformed(`the encrypted assertion could not be decrypted: ${(err as Error).message}`);
  }
  const wrapped = `<latchkey-context ${inScopeNamespaces(encrypted)}>${plaintext}</latchkey-context>`;
  let assertion: XmlElement | undefined;
  try {
    checkWellFormed(wrapped); // size came from the signed-or-not envelope; depth is bounded here, before xmldom
    const context = parseXml(wrapped).documentElement;
    const found = context ? childElements(context, assertionNs, 'Assertion') : [];
    if (found.length !== 1 || context?.childNodes.length !== 1)
      throw new SchemaError('the encrypted content is not exactly one Assertion');
    assertion = doc.importNode(found[0] as XmlElement, true);
    encrypted.parentNode?.replaceChild(assertion, encrypted);
    validateSamlSchema(assertion.toString());
  } catch (err) {
    throw malformed(`the decrypted assertion is not a valid assertion: ${(err as Error).message}`);
  }
  return assertion;
}
