// Which unauthenticated endpoints are limited, per what, and how a refusal
// looks (429 with Retry-After, RFC 6585 §4). Counted in the database
// (rate-limit-store.ts) before the endpoint does any costly work — for a
// sign-in, before any password hash, whether the email is known or not.
import type { FastifyReply } from 'fastify';
import type { ServiceDeps } from '../service-deps.ts';
import { ApiError } from './api-error.ts';
import { countAttempt, type RateLimit } from './rate-limit-store.ts';

const minutes = (n: number) => n * 60_000;

/** Password sign-in (also the backup login): per client, per client and email, per email. */
export function passwordLoginLimits(perIpAndEmail: number, ip: string, email: string): RateLimit[] {
  const windowMs = minutes(15);
  return [
    // One client spraying many emails (unknown ones cost a hash too).
    { bucket: 'login:ip', key: ip, max: 3 * perIpAndEmail, windowMs },
    // One client guessing one admin's password: the classic limit.
    { bucket: 'login:ip+email', key: `${ip}\n${email}`, max: perIpAndEmail, windowMs },
    // Many clients guessing one admin's password; high enough that one attacker cannot lock the owner out.
    { bucket: 'login:email', key: email, max: 10 * perIpAndEmail, windowMs },
  ];
}

/**
 * A password sign-in from a browser with a valid device cookie for that email
 * (console/device-cookie.ts): held to the cookie's own counter instead, so a
 * neighbour's wrong passwords from the same address cannot lock its user out.
 */
export function deviceLoginLimits(perIpAndEmail: number, deviceNonce: string): RateLimit[] {
  return [{ bucket: 'login:device', key: deviceNonce, max: perIpAndEmail, windowMs: minutes(15) }];
}

export const keyActivationLimits = (ip: string): RateLimit[] => [
  { bucket: 'key-activation:ip', key: ip, max: 20, windowMs: minutes(15) },
];

/** The app's SSO discovery (one read and, on refusal, a log row per call). */
export const ssoDiscoveryLimits = (ip: string): RateLimit[] => [
  { bucket: 'sso-discovery:ip', key: ip, max: 60, windowMs: minutes(1) },
];

/** SCIM's OAuth token endpoint (client credentials): bounded per client before any lookup. */
export const scimTokenLimits = (ip: string): RateLimit[] => [
  { bucket: 'scim-token:ip', key: ip, max: 60, windowMs: minutes(1) },
];

/**
 * SAMLResponse posts to an ACS, counted on arrival (before the body is read): each one costs a
 * base64 decode, a schema check, an XML parse and a signature check, 5–15 ms of a verify-pool
 * thread (bench/report.md). Per client IP and minute, and every employee of an office behind one
 * NAT shares that IP: hundreds sign in within the minute at 9 am, one post each (some a second).
 * The default (LATCHKEY_SAML_ACS_POSTS_PER_MINUTE, 600 = 10/s) lets 300 people through twice
 * over, while one address can keep at most ~10 validations a second — a sixth of one pool thread.
 */
export const samlAcsLimits = (perMinute: number, ip: string): RateLimit[] => [
  { bucket: 'saml-acs:ip', key: ip, max: perMinute, windowMs: minutes(1) },
];

/**
 * The console's SSO start: home realm discovery and a stored SAML request (a row that lives
 * until it expires) per call. Only admins sign in to the console, so even a whole IT team behind
 * one NAT starts far fewer than the default (LATCHKEY_CONSOLE_SSO_STARTS_PER_MINUTE, 60) a minute.
 */
export const consoleSsoStartLimits = (perMinute: number, ip: string): RateLimit[] => [
  { bucket: 'console-sso-start:ip', key: ip, max: perMinute, windowMs: minutes(1) },
];

/**
 * The app's sign-in start: the system browser opens `/oidc/auth`, and the authorization server
 * stores an interaction (and its cookies' state) per call before anyone has signed in. One per
 * sign-in, like the ACS post that ends it, so the same office-behind-one-NAT default
 * (LATCHKEY_APP_SIGN_IN_STARTS_PER_MINUTE, 600).
 */
export const appSignInStartLimits = (perMinute: number, ip: string): RateLimit[] => [
  { bucket: 'app-sign-in-start:ip', key: ip, max: perMinute, windowMs: minutes(1) },
];

/**
 * RFC 8628 §3.1, the device authorization request: the app asks for a code to show (one row that
 * lives 10 minutes, a log row when refused). One per sign-in on a second device, which an account
 * opts into; a few retries allowed.
 */
export const deviceAuthorizationLimits = (ip: string): RateLimit[] => [
  { bucket: 'device-authorization:ip', key: ip, max: 30, windowMs: minutes(15) },
];

/**
 * RFC 8628 §5.1, user-code entry on the second device: a user code is 8 of 20 letters (2.6·10^10),
 * guessable only by many tries, so the posts of the code page are counted per client: a sign-in
 * takes two (the code, then the confirmation), a typo or two more.
 */
export const userCodeEntryLimits = (ip: string): RateLimit[] => [
  { bucket: 'device-user-code:ip', key: ip, max: 20, windowMs: minutes(15) },
];

/**
 * RFC 8628 §5.1, the same posts counted per user code (normalized), from any address: a code
 * tried from many addresses is still limited. A sign-in posts its code twice; a retry or two more.
 */
export const userCodeLimits = (userCode: string): RateLimit[] => [
  { bucket: 'device-user-code:code', key: userCode, max: 10, windowMs: minutes(15) },
];

/**
 * The signed-out invitation page (issue 22 item 7): reading and accepting a link. A token is 256
 * random bits, so this is not about guessing one; it bounds the password hashes and lookups one
 * address can make the service do. An invitee needs two calls (read, accept), a few more on a typo.
 */
export const invitationLimits = (ip: string): RateLimit[] => [
  { bucket: 'invitation:ip', key: ip, max: 30, windowMs: minutes(15) },
];

/**
 * Registering a license key in the console (issue 22 item 6): a key is 100 random bits, but an
 * account (or an address) trying key after key is guessing. Counted per attempt and forgotten on a
 * successful registration (console/license-routes.ts), so what is bounded is failures in a row.
 */
export const licenseRegistrationLimits = (accountId: string, ip: string): RateLimit[] => [
  { bucket: 'license-register:account', key: accountId, max: 10, windowMs: minutes(60) },
  { bucket: 'license-register:ip', key: ip, max: 30, windowMs: minutes(60) },
];

export const signupLimits = (perHour: number, ip: string): RateLimit[] => [
  { bucket: 'signup:ip', key: ip, max: perHour, windowMs: minutes(60) },
];

/** Counts the attempt in each limit in turn: the seconds to wait when one is exceeded, else undefined. */
export async function exceededRateLimit(deps: ServiceDeps, limits: RateLimit[]): Promise<number | undefined> {
  for (const limit of limits) {
    const verdict = await countAttempt(deps.database.db, deps.clock, limit);
    if (!verdict.allowed) return verdict.retryAfterSeconds;
  }
  return undefined;
}

/** The same for the console and licensing APIs: the first limit exceeded refuses with 429. */
export async function enforceRateLimits(
  deps: ServiceDeps,
  reply: FastifyReply,
  limits: RateLimit[],
): Promise<void> {
  const retryAfterSeconds = await exceededRateLimit(deps, limits);
  if (retryAfterSeconds === undefined) return;
  reply.header('retry-after', String(retryAfterSeconds));
  throw new ApiError(
    429,
    'rate_limited',
    `too many attempts: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`,
  );
}
