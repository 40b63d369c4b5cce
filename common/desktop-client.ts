// The desktop app as an OAuth client of the service's authorization server
// (backend/oidc/provider.ts registers it; main/core/oauth/sso-sign-in.ts is it).
export const desktopClientId = 'latchkey-desktop';

/** offline_access: the refresh token the app renews its license with (OIDC Core §11; needs prompt=consent). */
export const desktopScopes = 'openid email profile offline_access';
export const desktopScopeList: readonly string[] = desktopScopes.split(' ');
