// The one catalog of activation failure codes (DESIGN.md, "Failure codes").
// Imported by the service, the desktop core, the renderer, the console and the
// CLIs, so it must stay free of runtime imports.

/** OAuth 2.0 error codes a failure is carried in (RFC 6749 §4.1.2.1, §5.2). */
export type OAuthErrorCode =
  | 'access_denied'
  | 'invalid_request'
  | 'invalid_grant'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'login_required';

/** Where a failure is decided; the desktop app reports client-side ones itself. */
export type FailureSide = 'service' | 'app';

export interface FailureCodeInfo {
  /** One line for the end user, in plain words, ending with what to ask IT. */
  readonly userMessage: string;
  /** What the account admin checks or changes to fix it. */
  readonly adminRemedy: string;
  /**
   * The remedy naming the account's own setting, for where the refusal carried it (`remedyFor`):
   * `{group}` is the desktop-users group's name from step 3.
   */
  readonly namedRemedy?: string;
  /** The user's message naming what the refusal carried (`userMessageFor`): `{days}` a number of days, `{minutes}` a wait ("a minute", "5 minutes"). */
  readonly namedMessage?: string;
  /** How QA reproduces it on purpose (dev IdP fault switch, CLI flag, …). */
  readonly qaScenario: string;
  /** HTTP status when the service answers an API call with this code. */
  readonly httpStatus: number;
  /** OAuth error that carries it to the app's redirect URI or token response. */
  readonly oauthError: OAuthErrorCode;
  readonly side: FailureSide;
}

const catalog = {
  DOMAIN_NOT_REGISTERED: {
    userMessage:
      'Your company has not set up single sign-on for this email domain. Ask your IT team whether you should use a different email address.',
    adminRemedy:
      'Add the email domain in step 1 of the IdP integration (Domains) and verify it with the DNS TXT record shown there.',
    qaScenario:
      'Continue with SSO using an email whose domain no account has added (e.g. someone@unregistered.test).',
    httpStatus: 404,
    oauthError: 'access_denied',
    side: 'service',
  },
  DOMAIN_NOT_VERIFIED: {
    userMessage:
      'Single sign-on for your email domain is not finished yet. Ask your IT team to complete the domain verification.',
    adminRemedy:
      'Publish the TXT record shown in step 1 (Domains) in your DNS and press Verify; a record removed later makes the domain unverified again.',
    qaScenario:
      'Add a domain to an account without publishing its TXT record, then Continue with SSO with that domain.',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  INTEGRATION_NOT_ACTIVE: {
    userMessage:
      "Your company's single sign-on is switched off at the moment. Ask your IT team to activate it.",
    adminRemedy: 'Finish all seven steps of the IdP integration and press Activate integration.',
    qaScenario: 'Deactivate the integration in the console, then Continue with SSO with a verified domain.',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_SIGNATURE_INVALID: {
    userMessage:
      "The sign-in answer from your company's login page could not be trusted. Ask your IT team to check the SSO certificate.",
    adminRemedy:
      "Upload the IdP's current signing certificate in step 4 (or import fresh IdP metadata); keep the old one during a rollover.",
    qaScenario: 'Dev IdP fault switch "unsigned" or "signed by another key".',
    httpStatus: 401,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_CERT_EXPIRED: {
    userMessage:
      "The certificate of your company's login page has expired. Ask your IT team to renew the SSO certificate.",
    adminRemedy: "Upload the IdP's renewed signing certificate in step 4 of the integration.",
    qaScenario:
      'On a development service, store the dev IdP\'s expired certificate in step 4 "as of" a date it was valid (PUT /api/console/integration/idp with "asOf"), then sign in with the dev IdP fault "expired-cert".',
    httpStatus: 401,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_WEAK_ALGORITHM: {
    userMessage:
      "The sign-in answer from your company's login page was signed in an outdated, unsafe way. Ask your IT team to switch the SSO app to SHA-256.",
    adminRemedy:
      'In the IdP, set the signing algorithm of the Latchkey app to RSA-SHA256 (digest SHA-256). Only if that is impossible, allow SHA-1 for this account in step 4 (marked weak).',
    qaScenario: 'Dev IdP fault switch "sha1-signed" (RSA-SHA1), with SHA-1 not allowed in step 4.',
    httpStatus: 401,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_ISSUER_MISMATCH: {
    userMessage:
      'The sign-in answer came from a login page your company has not configured. Ask your IT team to check the IdP entity ID.',
    adminRemedy:
      "Make the IdP entity ID in step 4 match the Issuer your IdP sends (see the activation log's evidence).",
    qaScenario: 'Dev IdP fault switch "wrong issuer".',
    httpStatus: 401,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_AUDIENCE_MISMATCH: {
    userMessage:
      'The sign-in answer was meant for a different application. Ask your IT team to check the Latchkey app set up in your identity provider.',
    adminRemedy: 'Set the Audience / SP entity ID in the IdP to the SP entity ID shown in step 2.',
    qaScenario: 'Dev IdP fault switch "wrong audience".',
    httpStatus: 401,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_DESTINATION_MISMATCH: {
    userMessage:
      'The sign-in answer was sent to the wrong address. Ask your IT team to check the reply URL of the Latchkey app.',
    adminRemedy: 'Set the Reply / ACS URL in the IdP to the ACS URL shown in step 2.',
    qaScenario: 'Dev IdP fault switch "wrong destination".',
    httpStatus: 401,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_EXPIRED: {
    userMessage:
      "The sign-in took too long or your computer's clock is off. Try again; if it keeps happening, ask your IT team to check the clocks.",
    adminRemedy:
      "Check the IdP server's clock; raise the allowed clock skew in step 4 if the IdP is known to drift.",
    qaScenario: 'Dev IdP fault switch "expired".',
    httpStatus: 401,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_NOT_YET_VALID: {
    userMessage:
      "The sign-in answer is dated in the future, so a clock is off. Ask your IT team to check the identity provider's clock.",
    adminRemedy: "Fix the IdP server's clock; raise the allowed clock skew in step 4 only if needed.",
    qaScenario: 'Dev IdP fault switch "not yet valid".',
    httpStatus: 401,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_REPLAYED: {
    userMessage: 'This sign-in answer was already used. Start the activation again from the app.',
    adminRemedy: 'Nothing to change unless it repeats: a repeated assertion ID can mean a replay attempt.',
    qaScenario: 'Dev IdP fault switch "replayed" (posts the same signed response twice).',
    httpStatus: 401,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_UNSOLICITED: {
    userMessage:
      'The sign-in was not started from the app, or it was started too long ago. Start the activation again from the app.',
    adminRemedy:
      'Start sign-in from the app (IdP-initiated sign-in is off unless you enable it); an old or unknown InResponseTo is refused.',
    qaScenario: 'Dev IdP fault switch "unsolicited" (a response with no or an unknown InResponseTo).',
    httpStatus: 401,
    oauthError: 'access_denied',
    side: 'service',
  },
  SAML_MALFORMED: {
    userMessage:
      'The sign-in answer from your company could not be read. Ask your IT team to check the identity provider setup.',
    adminRemedy:
      'The IdP sent XML that is not a valid SAML response; see the activation log for the parse error.',
    qaScenario: 'Dev IdP fault switch "malformed XML".',
    httpStatus: 400,
    oauthError: 'invalid_request',
    side: 'service',
  },
  USER_NOT_PROVISIONED: {
    userMessage: 'Your account is not set up for this app yet. Ask your IT team to assign the app to you.',
    adminRemedy: 'Assign the user to the app in the IdP and let SCIM provision them (step 6).',
    qaScenario: 'Sign in through the dev IdP as a user that was never pushed over SCIM.',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  USER_DEACTIVATED: {
    userMessage: 'Your account for this app has been switched off. Ask your IT team to re-enable it.',
    adminRemedy: 'Re-activate the user in the IdP; the next SCIM sync sets them active again.',
    qaScenario: 'Deactivate the user over SCIM (active false), then activate or check in.',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  USER_NOT_IN_GROUP: {
    userMessage: 'You are not in the group that may use this app. Ask your IT team to add you to it.',
    adminRemedy:
      'Add the user to the desktop-users group mapped in step 3 (or to a group that holds a sublicense).',
    namedRemedy:
      'Add the user to the group "{group}" (the desktop-users group of step 3 of the IdP integration), or to a group that holds a sublicense.',
    qaScenario: 'Dev IdP fault switch "user not in the group", or remove the user from the group over SCIM.',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  NO_SEATS_AVAILABLE: {
    userMessage: "All of your company's licenses are in use. Ask your IT team for a free seat.",
    adminRemedy: 'Add seats to the license or sublicense, or free one by deactivating a user who left.',
    qaScenario: 'Give a license one seat, activate one user, then activate a second user.',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  LICENSE_EXPIRED: {
    userMessage: "Your company's subscription has ended. Ask your IT team to renew it.",
    adminRemedy: 'Renew the subscription; the license expiry is shown in the console.',
    qaScenario: 'Register a license with a past expiry date, then activate or check in.',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  DEVICE_LIMIT_REACHED: {
    userMessage:
      'You have activated the app on as many devices as allowed. Deactivate it on a device you no longer use, or ask your IT team.',
    adminRemedy: "Raise the license's device limit, or deactivate one of the user's old devices.",
    qaScenario: 'Set the device limit to 1 and activate the same user from a second device id.',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  ACTIVATION_REVOKED: {
    userMessage:
      'The license on this device was withdrawn. Ask your IT team why, then activate again if allowed.',
    adminRemedy:
      'The activation was revoked in the console or by deprovisioning; the user may activate again.',
    qaScenario: 'Revoke the activation in the console, then check in from the app.',
    httpStatus: 403,
    oauthError: 'invalid_grant',
    side: 'service',
  },
  // Issue 23 item 2: the license's reclamation policy released a device silent for N days
  // (backend/licensing/reclamation.ts); the check-in answer carries the real number of days.
  DEVICE_RECLAIMED: {
    userMessage:
      'This computer was released because it was not used for a long time; activate again. If no seat is free, ask your IT team.',
    namedMessage:
      'This computer was released after {days} days without use; activate again. If no seat is free, ask your IT team.',
    adminRemedy:
      "The license's reclamation policy (Licenses → Reclamation) released this device after it had not checked in for the set number of days; its seat went back to the pool. The user activates again and gets a seat if one is free; turn the policy off or raise its days to keep idle devices longer.",
    qaScenario:
      "Set a license's reclamation to 7 days, let a device stay silent for 8 (or set its last check-in back), run latchkey-server reclaim --account <id>, then check in from the app (npm run -s scenario -- device-reclaimed).",
    httpStatus: 403,
    oauthError: 'invalid_grant',
    side: 'service',
  },
  GROUPS_OVERAGE: {
    userMessage:
      'You are in too many groups for your company login to list them. Ask your IT team to turn on user provisioning (SCIM).',
    adminRemedy:
      'Entra ID sent a groups.link claim (over 150 groups): configure SCIM (step 5) so membership comes from provisioning, or limit the groups claim to assigned groups.',
    qaScenario: 'Dev IdP fault switch "groups overage" (sends groups.link instead of groups).',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  // Issue 21 item 2: an account without SCIM (step 5 "Without SCIM") learns membership only from
  // sign-ins, so a license renews only within the account's window after the last SSO sign-in.
  SIGN_IN_EXPIRED: {
    userMessage:
      'Your company asks you to sign in again to keep using the app. Activate again and sign in with your company account; if that fails, ask your IT team.',
    adminRemedy:
      'The account has no SCIM (step 5: users are created at their first sign-in): group membership is the groups claim of the last SSO sign-in, so a license renews only within the days set in step 5 (default 7) after it. The user signs in again; or connect SCIM in step 5 so the directory keeps membership current.',
    qaScenario:
      'In step 5 choose "Without SCIM", activate, then let the renewal window pass since the sign-in and check in (npm run -s scenario -- sign-in-expired).',
    httpStatus: 403,
    oauthError: 'login_required',
    side: 'service',
  },
  SERVER_UNREACHABLE: {
    userMessage:
      'The app cannot reach the license server. Check your internet connection, or ask IT about a proxy or firewall.',
    adminRemedy: 'Make sure devices can reach the service URL over HTTPS (proxy, firewall, TLS inspection).',
    qaScenario: 'Point the app at a closed port: latchkey activate --server http://127.0.0.1:9.',
    httpStatus: 503,
    oauthError: 'temporarily_unavailable',
    side: 'app',
  },
  KEYCHAIN_UNAVAILABLE: {
    userMessage:
      "The app cannot use this computer's secure password storage. Unlock your keychain, or ask IT to allow access to it.",
    adminRemedy:
      'The OS keychain (Keychain, Credential Manager, Secret Service) was locked or missing on the device.',
    qaScenario: 'Run the CLI with no Secret Service running (outside dbus-run-session).',
    httpStatus: 500,
    oauthError: 'server_error',
    side: 'app',
  },
  // Issue 20 item 7: checked before the browser opens (main/core/activation/preflight.ts), and
  // again when the license is stored; a device that cannot keep it hands the seat back.
  DATA_FOLDER_UNWRITABLE: {
    userMessage:
      "The app cannot save its license on this computer because its data folder cannot be written. Check the folder's permissions and free disk space, or ask your IT team.",
    adminRemedy:
      "The app data folder (the CLI's --data-dir, LATCHKEY_APP_DATA, or the OS default) could not be created or written: a read-only or full disk, a path through a file, or a folder owned by another user. Nothing was activated; a seat the service had already given is handed back.",
    qaScenario:
      'Point the app at a folder it cannot create: latchkey --data-dir /proc/nope activate --email alice@acme.test (npm run -s scenario -- data-folder-unwritable).',
    httpStatus: 500,
    oauthError: 'server_error',
    side: 'app',
  },
  BROWSER_CANCELLED: {
    userMessage:
      'The sign-in in your browser was not finished. Start again and complete the sign-in in the browser.',
    adminRemedy:
      'No callback reached the app before the timeout: check that the browser could open the IdP login page.',
    qaScenario:
      'Start activation and close the browser page, or wait for the timeout: latchkey activate --timeout 2s.',
    httpStatus: 408,
    oauthError: 'access_denied',
    side: 'app',
  },
  STATE_MISMATCH: {
    userMessage: 'The sign-in came back in a way the app did not expect. Start the activation again.',
    adminRemedy:
      'The callback carried a state the app did not issue: a stale browser tab, or a forged request.',
    qaScenario: 'Open the loopback callback URL by hand with a made-up state parameter.',
    httpStatus: 400,
    oauthError: 'invalid_request',
    side: 'app',
  },
  // Issue 10 item 1 (DESIGN.md "Trust"): a license not signed under the app's root.
  LICENSE_UNTRUSTED: {
    userMessage:
      "This license was not issued by your company's license service, so the app cannot use it. Activate again, or ask your IT team for help.",
    adminRemedy:
      "The license's signing key is not certified by the root built into this app: certify the service's signing key (latchkey-server certify-signing-key), or give users an app build made with this service's anchor (latchkey-server export-anchor). A license file edited by hand also ends here.",
    qaScenario:
      'Write a license signed by a key of your own into license.json (pinnedJwks) and run latchkey status; or run the app with LATCHKEY_TRUST_ANCHOR of another service.',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'app',
  },
  // Issue 14 item 4: openid-client refused what came back from the sign-in (OpenID Connect
  // Core §3.1.3.7 ID token checks, RFC 9207 iss, a token response without what the app asked for).
  SIGN_IN_RESPONSE_INVALID: {
    userMessage:
      'The sign-in answer did not pass the security checks of the app, so it was not used. Start the activation again; if it happens again, ask your IT team.',
    adminRemedy:
      "The service's answer to the sign-in failed the app's OpenID Connect checks (nonce, issuer, audience or expiry of the ID token, or a token response without a refresh token): a proxy or browser extension that alters the sign-in, the app pointed at another service, or a clock far off on the device. The diagnostic report names the check that failed.",
    qaScenario:
      'Alter the sign-in request on its way to the service: replace the nonce in the authorization URL before the browser opens it (npm run scenario -- sign-in-response-invalid).',
    httpStatus: 502,
    oauthError: 'invalid_grant',
    side: 'app',
  },
  // Issue 21 item 6: a defect in the app is neither the network nor the service's decision
  // (openid-client keeps the same three kinds apart: what the peer said, what was refused, bugs).
  INTERNAL_ERROR: {
    userMessage:
      'Something went wrong inside the app. Copy the diagnostic report and send it to your IT team, then try again.',
    adminRemedy:
      'A defect in the Latchkey app, not the network or an access decision: the license is kept on the device. Send the diagnostic report (it names the error) to Latchkey support; the next check-in tries again.',
    qaScenario:
      'Activate, then check in with a defect injected into the app (not in release builds): LATCHKEY_QA_FAULT=check-in-defect latchkey check-in (npm run -s scenario -- internal-error).',
    httpStatus: 500,
    oauthError: 'server_error',
    side: 'app',
  },
  // Issue 26 item 3: the app's tokens are bound to a key in the device's keychain (DPoP, RFC 9449);
  // a token presented without a proof of that key was copied off the device, or the key is gone.
  TOKEN_WITHOUT_DEVICE_KEY: {
    userMessage:
      'This computer could not prove it holds the key its sign-in belongs to (the keychain was reset, or the sign-in was copied from another computer). Activate again; if you did not expect this, tell your IT team.',
    adminRemedy:
      "The app's sign-in is bound to a key kept in the device's keychain (DPoP). A token came without a proof of that key: the keychain of the device was reset or restored (the user activates again and the device gets a new key), or the token was copied off the device and used elsewhere. The activation log shows \"token used without its device key\" and the address it came from; if it was not the user, revoke the user's activations and sessions.",
    qaScenario:
      'Activate, delete the device key (service "Latchkey", account "device-key:<activation id>") from the keychain, then check in (npm run -s scenario -- token-without-device-key).',
    httpStatus: 401,
    oauthError: 'invalid_grant',
    side: 'service',
  },
  // Issue 26 item 3: a DPoP proof that was replayed, or made for another URL or method, or too old.
  DPOP_PROOF_REFUSED: {
    userMessage:
      "A security check of this computer's request failed (a proof was reused, made for another address, or the computer's clock is far off). Check the date and time of this computer and try again; if it happens again, ask your IT team.",
    adminRemedy:
      "A DPoP proof was refused (RFC 9449): used twice (a replay: something between the device and the service repeats requests), made for another URL or method (a proxy that rewrites addresses: the service's public URL must be the one the app calls), or signed at a time more than 5 minutes from the service's clock (the device's clock). The activation log names the check that failed.",
    qaScenario:
      "Activate, then check in with the app's proof made for another URL (not in release builds): LATCHKEY_QA_FAULT=dpop-proof-defect latchkey check-in (npm run -s scenario -- dpop-proof-refused).",
    httpStatus: 401,
    oauthError: 'invalid_grant',
    side: 'service',
  },
  // Issue 25 item 4: the way to the service through a company's network, each failure named
  // (docs/corporate-networks.md). Decided in the app (main/core/network/).
  PROXY_UNREACHABLE: {
    userMessage:
      'The app cannot reach the proxy server your computer is set to use. Check your network connection, or ask your IT team whether the proxy address is right.',
    adminRemedy:
      'The proxy named by the system settings, the PAC file or HTTPS_PROXY did not accept a connection (refused, no route, or its name does not resolve). Check the proxy address and port the device uses (latchkey doctor shows it) and that the proxy is running.',
    qaScenario:
      'Point the app at a proxy where nothing listens: HTTPS_PROXY=http://127.0.0.1:9 latchkey activate --server http://latchkey.corp.test:8787 (npm run -s scenario -- proxy-unreachable).',
    httpStatus: 502,
    oauthError: 'temporarily_unavailable',
    side: 'app',
  },
  PROXY_AUTH_REQUIRED: {
    userMessage:
      'The proxy server of your network asks for a user name and password that the app does not have. Ask your IT team how the app should sign in to the proxy.',
    adminRemedy:
      'The proxy answered 407 (Proxy Authentication Required). Give the app Basic credentials in the proxy URL (HTTPS_PROXY=http://user:password@proxy:port), or let the service URL through the proxy without authentication; NTLM/Kerberos-only proxies need the desktop app (it uses the system session).',
    qaScenario:
      'Run a proxy that requires Basic auth and point the app at it without credentials (npm run -s scenario -- proxy-auth-required).',
    httpStatus: 502,
    oauthError: 'temporarily_unavailable',
    side: 'app',
  },
  PROXY_REFUSED: {
    userMessage:
      'The proxy server of your network did not let the app through to the license server. Ask your IT team to allow the license server address.',
    adminRemedy:
      'The proxy answered the tunnel request (HTTP CONNECT) with an error instead of 200: 403 means its policy blocks the service host, 404/502 that the proxy cannot resolve or reach it. Allow the service URL (host and port 443) in the proxy; the detail names the status.',
    qaScenario:
      'Point the app through a running proxy at a host the proxy cannot reach (npm run -s scenario -- proxy-refused).',
    httpStatus: 502,
    oauthError: 'temporarily_unavailable',
    side: 'app',
  },
  PAC_UNREADABLE: {
    userMessage:
      "The app cannot read your network's proxy configuration file. Ask your IT team to check the proxy auto-configuration (PAC) address.",
    adminRemedy:
      'The PAC file (system settings, the managed PAC URL or LATCHKEY_PAC_URL) could not be downloaded, or its FindProxyForURL failed or returned nothing usable. Open the PAC URL from the device, and check the script (latchkey doctor names the URL).',
    qaScenario:
      'Point the app at a PAC URL where nothing listens: LATCHKEY_PAC_URL=http://127.0.0.1:9/proxy.pac (npm run -s scenario -- pac-unreadable).',
    httpStatus: 502,
    oauthError: 'temporarily_unavailable',
    side: 'app',
  },
  CERTIFICATE_NOT_TRUSTED: {
    userMessage:
      'The connection to the license server uses a certificate this computer does not trust, often from a network that inspects encrypted traffic. Ask your IT team to install their certificate authority on this computer.',
    adminRemedy:
      "The service's TLS certificate chain ends at an authority the device does not trust — usually a TLS-inspecting proxy's CA. Install that CA in the operating system's trust store (the app reads the OS store: Keychain, Windows certificate store, /etc/ssl); the detail and latchkey doctor name the issuer.",
    qaScenario:
      'Serve the service over HTTPS with a certificate from a private CA the device does not trust (npm run -s scenario -- certificate-not-trusted).',
    httpStatus: 502,
    oauthError: 'temporarily_unavailable',
    side: 'app',
  },
  // Issue 26 item 1: the holder released this device from another one (My devices).
  DEVICE_RELEASED_BY_USER: {
    userMessage:
      'This computer was released from your other device (My devices); activate again to use it here. If no seat is free, ask your IT team.',
    adminRemedy:
      "The user released this device themselves from the app's My devices list, after a fresh sign-in; the seat went back to the pool. The user activates again if they need it here; turn self-service release off (console: Devices → Settings) to keep releases with IT.",
    qaScenario:
      'Activate Alice on two devices, sign in afresh on the second and run latchkey release-device <id of the first>; check in from the first (npm run -s scenario -- device-released-by-user).',
    httpStatus: 403,
    oauthError: 'invalid_grant',
    side: 'service',
  },
  // Issue 26 item 1: releasing a device needs proof of identity newer than a refusal.
  SIGN_IN_NOT_FRESH: {
    userMessage:
      'To see or release your devices, sign in again with your company login; the last sign-in is too old. Try again, or ask your IT team.',
    adminRemedy:
      "My devices needs an SSO sign-in of the last 5 minutes (the access token's own sign-in at the IdP, not a refreshed token): the app signs in again before it lists or releases devices.",
    qaScenario:
      'Sign in, wait more than 5 minutes (or move the service clock), then run latchkey devices with that sign-in (npm run -s scenario -- sign-in-not-fresh).',
    httpStatus: 401,
    oauthError: 'login_required',
    side: 'service',
  },
  // Issue 26 item 1: the account turned self-service release off.
  SELF_RELEASE_DISABLED: {
    userMessage:
      'Your company does not let you release devices yourself. Ask your IT team to release one of your devices.',
    adminRemedy:
      'Self-service release is off for this account (console: Devices → Settings): release the device from the console (Activations → Revoke), or turn self-service release on.',
    qaScenario:
      'Turn self-service release off in the console (console: Devices → Settings), sign in and run latchkey devices (npm run -s scenario -- self-release-disabled).',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  // Issue 26 item 4: a license that needs an admin's approval of new devices.
  DEVICE_APPROVAL_PENDING: {
    userMessage:
      'Waiting for your IT team to approve this computer. The app keeps checking; you can ask your IT team to approve it in the console.',
    adminRemedy:
      'The license requires approval of new devices (console: Devices → Settings): approve or deny the request under Devices → Device approvals within 7 days.',
    qaScenario:
      'Turn on device approval for the license in the console, then activate Alice on a new device (npm run -s scenario -- device-approval-pending).',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  DEVICE_APPROVAL_DENIED: {
    userMessage:
      'Your IT team did not approve this computer for the license. Ask your IT team if you need it on this computer.',
    adminRemedy:
      'An admin denied the request under Devices → Device approvals. The user can ask again by activating after the denial ends (7 days after the request).',
    qaScenario:
      'With device approval on, activate Alice on a new device, deny the request in the console, then let the app poll (npm run -s scenario -- device-approval-denied).',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  DEVICE_APPROVAL_EXPIRED: {
    userMessage:
      'Nobody approved this computer within 7 days, so the request ended. Activate again to ask once more, and tell your IT team.',
    adminRemedy:
      'The device approval request was neither approved nor denied within 7 days. The user activates again to make a new request; approve it under Devices → Device approvals.',
    qaScenario:
      'With device approval on, activate Alice on a new device, set the request 8 days back (or move the clock), then let the app poll (npm run -s scenario -- device-approval-expired).',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  // Issue 26 item 2: a second device finishes the sign-in (RFC 8628 device authorization grant).
  DEVICE_CODE_NOT_ALLOWED: {
    userMessage:
      "Your company does not let you finish the sign-in on another device. Sign in in this computer's browser, or ask your IT team to allow it.",
    adminRemedy:
      "Sign-in from a second device is off for this account (console: Devices → Settings, off by default): turn it on to let users finish the app's sign-in on a phone or another computer.",
    qaScenario:
      'With "Sign in from a second device" off (the default), run latchkey activate --email alice@acme.test --device-code (npm run -s scenario -- device-code-not-allowed).',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  DEVICE_CODE_EXPIRED: {
    userMessage:
      'The code was not used within 10 minutes, so it expired. Start the sign-in on another device again and enter the new code.',
    adminRemedy:
      'A device code lives 10 minutes (RFC 8628 expires_in): nobody finished the sign-in on the second device in time. Nothing to fix; the user starts again.',
    qaScenario:
      'Turn "Sign in from a second device" on, run latchkey activate --email alice@acme.test --device-code and leave the code unused for 10 minutes (npm run -s scenario -- device-code-expired).',
    httpStatus: 400,
    oauthError: 'invalid_grant',
    side: 'app',
  },
  DEVICE_CODE_DENIED: {
    userMessage:
      'The sign-in was cancelled on the other device. Start again if you meant to sign in, and tell your IT team if you did not ask for that code.',
    adminRemedy:
      'The user chose "This is not my device" on the code confirmation page (RFC 8628 access_denied). If the user did not start that sign-in, someone may be phishing device codes: check the activation log for the device name and address.',
    qaScenario:
      'Turn "Sign in from a second device" on, run latchkey activate --email alice@acme.test --device-code, open the URL, enter the code and choose "This is not my device" (npm run -s scenario -- device-code-denied).',
    httpStatus: 403,
    oauthError: 'access_denied',
    side: 'service',
  },
  SIGN_IN_RATE_LIMITED: {
    userMessage:
      'Too many sign-ins were started from your network in a short time, so this one was not tried. Wait a few minutes and try again; if it keeps happening, ask your IT team.',
    namedMessage:
      'Too many sign-ins were started from your network in a short time, so this one was not tried. Wait {minutes} and try again; if it keeps happening, ask your IT team.',
    adminRemedy:
      'The service limits sign-in requests per network address: 30 codes for "Sign in on another device" per 15 minutes (RFC 8628 §5.2), 60 SSO look-ups a minute, and the browser steps (app and console sign-in starts, ACS posts, code entry: docs/operations.md "Rate limits"). An office behind one address shares them: if real users hit the limit, find the address in the activation log entry and look for a script or a client retrying in a loop; behind a reverse proxy, set LATCHKEY_TRUST_PROXY. The limit lifts by itself when its window ends.',
    qaScenario:
      'Turn "Sign in from a second device" on, ask for 30 device codes from one address, then run latchkey activate --email alice@acme.test --device-code (npm run -s scenario -- sign-in-rate-limited).',
    httpStatus: 429,
    oauthError: 'temporarily_unavailable',
    side: 'service',
  },
} as const satisfies Record<string, FailureCodeInfo>;

export type FailureCode = keyof typeof catalog;

export const failureCodes: Readonly<Record<FailureCode, FailureCodeInfo>> = catalog;

export const allFailureCodes = Object.keys(catalog) as FailureCode[];

export function isFailureCode(value: unknown): value is FailureCode {
  return typeof value === 'string' && Object.hasOwn(catalog, value);
}

export function describeFailure(code: FailureCode): FailureCodeInfo {
  return catalog[code];
}

/** What the refusal named of the account's own setup, when the service told it (issue 20 item 4). */
export interface NamedFacts {
  /** The desktop-users group of step 3 (USER_NOT_IN_GROUP). */
  group?: string | null;
  /** DEVICE_RECLAIMED: how many days the device had been silent when it was released. */
  days?: number | null;
  /** SIGN_IN_RATE_LIMITED: the minutes until the limit lifts (the service's Retry-After, rounded up). */
  waitMinutes?: number | null;
}

/** The admin's remedy, naming the account's group where the refusal named it, else the catalog's general words. */
export function remedyFor(code: FailureCode, named: NamedFacts = {}): string {
  const info: FailureCodeInfo = catalog[code];
  const group = named.group?.trim();
  // A function replacer: a group name is outside text, and "$&" in it must stay as typed.
  return info.namedRemedy && group ? info.namedRemedy.replace('{group}', () => group) : info.adminRemedy;
}

/** The user's message, naming the refusal's facts where the catalog has words for them (issue 23 item 2). */
export function userMessageFor(code: FailureCode, named: NamedFacts = {}): string {
  const info: FailureCodeInfo = catalog[code];
  const count = (n: number | null | undefined) =>
    typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
  const days = count(named.days);
  const minutes = count(named.waitMinutes);
  const words: Record<string, string | null> = {
    '{days}': days === null ? null : String(days),
    '{minutes}': minutes === null ? null : minutes === 1 ? 'a minute' : `${minutes} minutes`,
  };
  const needed = Object.keys(words).filter((slot) => info.namedMessage?.includes(slot));
  // Every slot of the named message filled, else the general words.
  if (!info.namedMessage || needed.length === 0 || needed.some((slot) => words[slot] === null))
    return info.userMessage;
  return needed.reduce((message, slot) => message.replace(slot, words[slot] ?? ''), info.namedMessage);
}
