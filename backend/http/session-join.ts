// "Add a business account" by SSO: the IdP posts its answer to the ACS
// cross-site, and the session cookie (SameSite=Lax) does not ride on that
// POST. So the ACS opens the new grant as a session of its own, hands it to
// the browser in a short-lived cookie scoped to the join path, and sends the
// browser to a same-site GET, where both cookies arrive: the new grant moves
// into the browser's session. Only the browser that finished the sign-in at
// the IdP holds the new cookie, so nobody can join a grant into a session
// that is not theirs (whoever started the sign-in).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServiceDeps } from '../service-deps.ts';
import {
  grantAccounts,
  mergeSessions,
  sessionCookieName,
  sessionExpiry,
  type OpenedSession,
} from './sessions.ts';
import { setSessionCookie } from './session-cookie.ts';

const joinCookieName = 'lk_join';
const joinPath = '/api/console/sso/join';

/** The ACS's answer to an "add" sign-in: the new grant's cookie, then the same-site join. */
export function sendToJoin(reply: FastifyReply, session: OpenedSession, secure: boolean) {
  reply.setCookie(joinCookieName, session.cookieValue, {
    path: joinPath,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: 600,
  });
  return reply.redirect(joinPath, 303);
}

export function registerSessionJoin(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const secure = deps.config.publicUrl.startsWith('https://');
  app.get(joinPath, async (request, reply) => {
    const joining = request.cookies[joinCookieName];
    reply.clearCookie(joinCookieName, { path: joinPath });
    if (!joining) return reply.redirect('/console/sign-in', 303);
    const [accountId] = await grantAccounts(db, deps.clock, joining);
    if (!accountId) return reply.redirect('/console/sign-in', 303);
    const current = request.cookies[sessionCookieName];
    const joined = current !== undefined && (await mergeSessions(db, deps.clock, joining, current));
    // No live session to join (it ended meanwhile): the new grant is the browser's session.
    const cookieValue = joined ? current : joining;
    // The session lasts as long as its latest grant (each grant keeps its own expiry).
    setSessionCookie(reply, { cookieValue, expiresAt: await sessionExpiry(db, cookieValue) }, secure);
    return reply.redirect(`/console/dashboard?workspace=${encodeURIComponent(accountId)}`, 303);
  });
}
