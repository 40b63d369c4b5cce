// Step 4's SAML option switches: each with its label and the sentence saying
// what it does; SHA-1 marked weak in words.

export type Flag =
  'requireSignedResponse' | 'allowIdpInitiated' | 'signAuthnRequests' | 'encryptAssertions' | 'allowSha1';

export const flags: { name: Flag; label: string; sentence: string; weak?: true }[] = [
  {
    name: 'requireSignedResponse',
    label: 'Require a signed Response',
    sentence: 'Refuse answers whose outer Response is unsigned, even when the assertion inside is signed.',
  },
  {
    name: 'allowIdpInitiated',
    label: 'Allow IdP-initiated sign-in',
    sentence: 'Accept sign-ins started from the IdP’s app dashboard, without a request from Latchkey.',
  },
  {
    name: 'signAuthnRequests',
    label: 'Sign authentication requests',
    sentence: 'Sign the requests we send to the IdP; turn on when the IdP requires signed requests.',
  },
  {
    name: 'encryptAssertions',
    label: 'Encrypted assertions',
    sentence: 'Ask the IdP to encrypt assertions to our certificate (in the SP metadata).',
  },
  {
    name: 'allowSha1',
    label: 'Allow SHA-1 signatures (weak)',
    sentence:
      'Weak: accepts RSA-SHA1 signatures and SHA-1 digests, which can be forged since SHA-1 collisions are practical. Leave it off unless your IdP cannot sign with SHA-256, and switch the IdP to SHA-256 as soon as you can.',
    weak: true,
  },
];
export const optionFields = [...flags.map((f) => f.name), 'clockSkewSeconds'] as const;
