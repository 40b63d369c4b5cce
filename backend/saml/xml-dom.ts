// The one DOM an ACS response is parsed into (xmldom, after libxml2 has
// bounded and schema-checked the same text), and the child-by-child navigation
// the checks read it with: no XPath, so nothing selects a node from somewhere
// else in the document (an Advice, an Extensions) by accident.
import {
  DOMParser,
  type Document as XmlDocument,
  type Element as XmlElement,
  type Node as XmlNode,
} from '@xmldom/xmldom';

export const protocolNs = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const assertionNs = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const dsNs = 'http://www.w3.org/2000/09/xmldsig#';
const elementNode = 1;

/** Parses well-formed XML (already checked by libxml2); any error or warning throws. */
export function parseXml(xml: string): XmlDocument {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
}

export function childElements(parent: XmlNode, ns: string, localName: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== elementNode) continue;
    const el = n as XmlElement;
    if (el.namespaceURI === ns && el.localName === localName) out.push(el);
  }
  return out;
}

/** The only child of that name; undefined when there is none (or more than one). */
export function onlyChild(
  parent: XmlNode | undefined,
  ns: string,
  localName: string,
): XmlElement | undefined {
  if (!parent) return undefined;
  const found = childElements(parent, ns, localName);
  return found.length === 1 ? found[0] : undefined;
}

export const attrOf = (el: XmlElement | undefined, name: string): string | null =>
  el?.getAttribute(name) || null;

export const textOf = (el: XmlElement | undefined): string | null => el?.textContent?.trim() ?? null;
