// GET /activate/i/:token — the landing page of an app invitation's email
// (issue 25 item 3). Signed out, no JavaScript. The token is in the path (an
// email link cannot carry a fragment to a page without script); the request
// log names the route pattern only (http/request-log.ts), and the page sends no
// Referer onwards (Referrer-Policy: no-referrer).
import type { FastifyInstance } from 'fastify';
import type { ServiceDeps } from '../service-deps.ts';
import { invitationLandingPage, invitationNotFoundPage, invitationRevokedPage } from './landing-page.ts';
import { openAppInvitation } from './landing.ts';

export function registerAppInvitationLandingRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get<{ Params: { token: string } }>('/activate/i/:token', async (request, reply) => {
    const landing = await openAppInvitation(
      deps.database.db,
      deps.clock,
      request.params.token,
      deps.config.appInvitations.downloadUrl,
    );
    reply
      .type('text/html; charset=utf-8')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'");
    if (landing.kind === 'not_found') return reply.status(404).send(invitationNotFoundPage());
    if (landing.kind === 'revoked') return reply.status(410).send(invitationRevokedPage());
    return reply.send(invitationLandingPage(landing));
  });
}
