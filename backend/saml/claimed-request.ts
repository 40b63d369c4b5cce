// The request a refused SAML response *claims* to answer (its unverified
// InResponseTo). Used for one thing only: to end that pending activation with
// the refusal's code, so the app shows the failure at once instead of waiting
// for its timeout. It grants nothing; ending someone's pending sign-in would
// need its random request ID.
import { DOMParser } from '@xmldom/xmldom';

const protocolNs = 'urn:oasis:names:tc:SAML:2.0:protocol';

export function claimedInResponseTo(samlResponse: string): string | null {
  try {
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    const root = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml').documentElement;
    if (!root || root.localName !== 'Response' || root.namespaceURI !== protocolNs) return null;
    return root.getAttribute('InResponseTo') || null;
  } catch {
    return null;
  }
}
