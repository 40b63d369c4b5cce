// What saml/ offers its sibling protocol folders: the only saml/ file they may import
// (.dependency-cruiser.cjs, `ports`). The SP's endpoints for an account (SCIM's and the
// configurator's instructions), starting a SAML sign-in (the authorization server's
// interaction), and reading an IdP's certificate and metadata (the configurator's step 4).
export { startSamlLogin } from './authn-request.ts';
export { checkCertificate, type CertificateInfo } from './certificates.ts';
export { idpCertificatesOf } from './idp-certificates.ts';
export { importIdpMetadata, maxMetadataBytes, type ImportedIdpMetadata } from './idp-metadata.ts';
export { MetadataFetchError, checkMetadataUrl, fetchMetadataXml } from './metadata-fetch.ts';
export { spEndpointsFor } from './sp-endpoints.ts';
