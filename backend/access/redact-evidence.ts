// What may be kept of a sign-in's evidence (the activation log, a Test
// connection outcome): decoded facts only — never a signature value, a key, a
// token, a password or a SAMLResponse/assertion's XML. One redaction for
// everyone who stores evidence.

// Keys whose string values are secrets or raw protocol payloads.
const secretKeys =
  /signature|certificate|privatekey|token|password|secret|samlresponse|samlrequest|assertion$/i;
// Attribute names an IdP may use for something secret (a customised IdP can send anything).
const secretAttributeNames = /password|secret|token|credential|private|otp|pin$|key$/i;
// A SAML assertion or response under any key name: its decoded facts are the evidence, never the XML.
const samlXml = /<\s*(?:[\w-]+:)?(?:Assertion|Response|EncryptedAssertion)[\s>]/;

function redactEntry(key: string, value: unknown, inAttributes: boolean): unknown {
  // Attribute values go entirely; elsewhere only a string (an object such as `signatures` holds
  // which certificate verified, by fingerprint, which the admin needs to see).
  if (inAttributes && secretAttributeNames.test(key))
    return Array.isArray(value) ? value.map(() => '[redacted]') : '[redacted]';
  if (!inAttributes && secretKeys.test(key) && typeof value === 'string') return '[redacted]';
  return redact(value, key === 'attributes');
}

function redact(value: unknown, attributes = false): unknown {
  if (typeof value === 'string' && samlXml.test(value)) return '[redacted SAML XML]';
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object') {
    // Keyed by the IdP's names: no prototype.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = redactEntry(k, v, attributes);
    return out;
  }
  return value;
}

export function redactEvidence(evidence: Record<string, unknown>): Record<string, unknown> {
  return redact(evidence) as Record<string, unknown>;
}
