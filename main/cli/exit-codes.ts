// `latchkey` exit codes: one per failure class, so QA scripts can tell a
// wrong IdP setup from a missing seat from a dead network without parsing text.
import type { FailureCode } from '../../common/failure-codes.ts';

export const exitCodes = {
  ok: 0,
  failed: 1,
  badInput: 2,
  notActivated: 3,
  /** activate on a device that already holds a license. */
  alreadyActivated: 4,
  /** The email's domain has no usable SSO (not registered, not verified, integration off). */
  discovery: 10,
  /** The IdP's SAML response was refused (signature, certificate, issuer, audience, time, replay…). */
  saml: 11,
  /** The user or license does not allow it (group, seats, device limit, expiry, revoked). */
  entitlement: 12,
  /** The license server could not be reached. */
  network: 13,
  /** This computer's keychain cannot be used. */
  keychain: 14,
  /** The browser sign-in did not come back (cancelled, timed out, forged). */
  browser: 15,
  /** doctor found a problem. */
  doctor: 16,
  /** The license is not signed under the app's root of trust (a forged license, or a build for another service). */
  untrusted: 17,
  /** The sign-in's answer failed the app's OpenID Connect checks (nonce, issuer, ID token, token response). */
  signInResponse: 18,
  /** The app's data folder cannot be created or written (nothing was activated). */
  dataFolder: 19,
  /** A defect in the app (INTERNAL_ERROR): neither the network nor an access decision. */
  internal: 20,
  /** Without SCIM, the last SSO sign-in is too old for the license to renew: sign in again (activate). */
  signInAgain: 21,
  /** The organisation's managed settings do not allow it (ActivationMethods, AllowDeactivate). */
  policy: 22,
} as const;

export function exitCodeFor(code: FailureCode): number {
  if (code.startsWith('SAML_')) return exitCodes.saml;
  switch (code) {
    case 'DOMAIN_NOT_REGISTERED':
    case 'DOMAIN_NOT_VERIFIED':
    case 'INTEGRATION_NOT_ACTIVE':
      return exitCodes.discovery;
    // The server, or the way to it through the company's network (docs/corporate-networks.md).
    case 'SERVER_UNREACHABLE':
    case 'PROXY_UNREACHABLE':
    case 'PROXY_AUTH_REQUIRED':
    case 'PROXY_REFUSED':
    case 'PAC_UNREADABLE':
    case 'CERTIFICATE_NOT_TRUSTED':
      return exitCodes.network;
    case 'KEYCHAIN_UNAVAILABLE':
      return exitCodes.keychain;
    case 'DATA_FOLDER_UNWRITABLE':
      return exitCodes.dataFolder;
    case 'LICENSE_UNTRUSTED':
      return exitCodes.untrusted;
    case 'SIGN_IN_RESPONSE_INVALID':
      return exitCodes.signInResponse;
    case 'INTERNAL_ERROR':
      return exitCodes.internal;
    case 'SIGN_IN_EXPIRED':
      return exitCodes.signInAgain;
    case 'BROWSER_CANCELLED':
    case 'STATE_MISMATCH':
      return exitCodes.browser;
    default:
      return exitCodes.entitlement;
  }
}
