// Types for auth0's `saml` package (test-only): the independent IdP implementation.
declare module 'saml' {
  export const Saml20: {
    create(options: {
      cert: string;
      key: string;
      issuer: string;
      lifetimeInSeconds: number;
      audiences: string;
      recipient: string;
      inResponseTo: string;
      nameIdentifier: string;
      nameIdentifierFormat?: string;
      attributes?: Record<string, string | string[]>;
      signatureAlgorithm?: string;
      digestAlgorithm?: string;
    }): string;
  };
}
