// Device cookies (OWASP "Slow Down Online Guessing Attacks with Device
// Cookies"): a browser that signed in to the console with a password gets a
// cookie naming the user, signed by the service. A later password sign-in
// from that browser, for that user's email, is held only to the cookie's own
// lockout — not to the lockout per email and per client address, which
// anyone behind the same office NAT can run into with wrong passwords. The
// password is checked exactly as before; the cookie only decides which
// counter the attempt is held to.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/types.ts';

export const deviceCookieName = 'latchkey_device';
/** Sent only where it is read: the password sign-in. */
export const deviceCookiePath = '/api/console/login';
export const deviceCookieDays = 180;

const version = 'd1';

/** A key of its own for these cookies, derived from the master key (never the key itself). */
const cookieKey = (masterKey: Buffer) =>
  createHmac('sha256', masterKey).update('console-device-cookie').digest();

const mac = (masterKey: Buffer, userId: string, nonce: string) =>
  createHmac('sha256', cookieKey(masterKey)).update(`${version}\n${userId}\n${nonce}`).digest('base64url');

/** `d1.<user id>.<nonce>.<mac>`: a new nonce at every successful sign-in. */
export function issueDeviceCookie(masterKey: Buffer, userId: string): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${version}.${userId}.${nonce}.${mac(masterKey, userId, nonce)}`;
}

export interface TrustedDevice {
  userId: string;
  /** What the cookie's own lockout counts by. */
  nonce: string;
}

/** The device the cookie names, when its signature holds; undefined for anything else (it is outside input). */
export function readDeviceCookie(masterKey: Buffer, value: string | undefined): TrustedDevice | undefined {
  if (!value || value.length > 200) return undefined;
  const [v, userId, nonce, given, ...rest] = value.split('.');
  if (v !== version || !userId || !nonce || !given || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(masterKey, userId, nonce));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  return { userId, nonce };
}

/** The cookie's device, if it names a user whose email this is (a cookie of Alice's vouches for no one else). */
export async function trustedDeviceFor(
  db: Db,
  masterKey: Buffer,
  cookie: string | undefined,
  email: string,
): Promise<TrustedDevice | undefined> {
  const device = readDeviceCookie(masterKey, cookie);
  if (!device) return undefined;
  const user = await db
    .selectFrom('account_users')
    .select('id')
    .where('id', '=', device.userId)
    .where('email', '=', email)
    .where('password_hash', 'is not', null)
    .executeTakeFirst();
  return user ? device : undefined;
}
