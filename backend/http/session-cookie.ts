// The console session's cookie, one way everywhere a session opens (password
// sign-in, SSO, an accepted invitation, "Add a business account"): HttpOnly,
// Secure over https, and SameSite=Lax so that the sign-in's own top-level
// redirects carry it (the ACS is reached by the IdP's cross-site POST).
import type { FastifyReply } from 'fastify';
import { sessionCookieName } from './sessions.ts';

export function setSessionCookie(
  reply: FastifyReply,
  session: { cookieValue: string; expiresAt: string },
  secure: boolean,
): void {
  reply.setCookie(sessionCookieName, session.cookieValue, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: new Date(session.expiresAt),
  });
}
