// The app's question before it opens the browser (DESIGN, activation step 2):
// can this email's domain sign in with SSO? Refusals are the licensing API's
// coded error body: { error: { code, message, reference } }.
export const ssoDiscoveryPath = '/api/v1/sso/discovery';

export interface SsoDiscoveryRequest {
  email: string;
}

/** The domain is registered, verified and its account's integration is active. */
export interface SsoDiscoveryAnswer {
  domain: string;
  /** The account lets its users finish the sign-in on a second device (RFC 8628; issue 26 item 2). */
  deviceCodeSignIn: boolean;
}
