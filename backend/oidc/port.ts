// What oidc/ (the authorization server) offers its sibling protocol folders: the only
// oidc/ file they may import (.dependency-cruiser.cjs, `ports`). Licensing checks a
// caller's access token against the provider; SCIM and licensing end a user's tokens
// and sessions when access is withdrawn.
export { endUserSessions } from './kysely-adapter.ts';
export { desktopClientId, oidcProvider } from './provider.ts';
export { revokedTokenFor, revokeUserTokensFor } from './revoked-tokens.ts';
export { firstUseOfProof, proofRowId } from './dpop-replay.ts';
export { presentedAccessToken, type PresentedAccessToken } from './access-token-lookup.ts';
