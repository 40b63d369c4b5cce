// Which person last finished a sign-in in this browser, as a keyed hash of
// their email in a cookie (never the email itself). The authorization server's
// own session may be gone — deactivation ends it — while the IdP's session for
// that person lives on in the same browser; a sign-in for someone else then
// asks the IdP to authenticate afresh (ForceAuthn, saml-core §3.4.1), so a
// shared computer never hands one person's IdP session to the next.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const cookieName = 'latchkey_last_sign_in';
const maxAgeSeconds = 90 * 86400;

const markOf = (masterKey: Buffer, email: string) =>
  createHmac('sha256', createHmac('sha256', masterKey).update('last-sign-in').digest())
    .update(email.trim().toLowerCase())
    .digest('base64url');

export function rememberSignIn(reply: FastifyReply, masterKey: Buffer, email: string, secure: boolean): void {
  void reply.setCookie(cookieName, markOf(masterKey, email), {
    path: '/interaction',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: maxAgeSeconds,
  });
}

/** Someone other than `email` finished the last sign-in in this browser. */
export function someoneElseSignedInHere(request: FastifyRequest, masterKey: Buffer, email: string): boolean {
  const seen = request.cookies[cookieName];
  if (!seen) return false;
  const expected = Buffer.from(markOf(masterKey, email));
  const given = Buffer.from(seen);
  return given.length !== expected.length || !timingSafeEqual(given, expected);
}
