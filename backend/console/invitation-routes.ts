// Console API for invitations (issue 22 item 7). Signed in: invite by email
// (console admin or backup login), list the pending ones, revoke, new link.
// Signed out: the accept page reads an invitation and accepts it with a new
// password, then holds a console session like a password sign-in. The token
// travels in POST bodies only (the page has it in its URL fragment), so it
// reaches no access log and no Referer.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { InvitationAccepted, IssuedInvitationLink } from '../../common/console-api.ts';
import {
  acceptInvitation,
  invitationAcceptInput,
  invitationLookupInput,
  lookupInvitation,
} from '../accounts/invitation-accept.ts';
import {
  createInvitation,
  invitationInput,
  listInvitations,
  renewInvitationLink,
  revokeInvitation,
  type IssuedInvitation,
} from '../accounts/invitations.ts';
import { enforceRateLimits, invitationLimits } from '../http/rate-limits.ts';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { createSession } from '../http/sessions.ts';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { setSessionCookie } from '../http/session-cookie.ts';

const idParams = z.object({ id: z.uuid() }).strict();

export function registerInvitationRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  registerInviting(app, deps);
  registerAccepting(app, deps);
}

function registerInviting(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };
  const withLink = ({ invitation, token }: IssuedInvitation): IssuedInvitationLink => ({
    invitation,
    // In the fragment: a browser sends no fragment to the server, nor in a Referer.
    link: `${deps.config.publicUrl}/console/invitation#${token}`,
  });

  app.get('/api/console/invitations', async (request) => {
    const session = requireSession(request);
    return { invitations: await listInvitations(db, deps.clock, session.accountId) };
  });

  app.post('/api/console/invitations', protect, async (request, reply) => {
    const session = requireSession(request);
    const input = parseInput(invitationInput, request.body);
    const issued = await createInvitation(db, deps.clock, session.accountId, input, actorOf(session));
    return reply.status(201).send(withLink(issued));
  });

  app.post('/api/console/invitations/:id/link', protect, async (request) => {
    const session = requireSession(request);
    const { id } = parseInput(idParams, request.params, 'params');
    return withLink(await renewInvitationLink(db, deps.clock, session.accountId, id, actorOf(session)));
  });

  app.delete('/api/console/invitations/:id', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParams, request.params, 'params');
    await revokeInvitation(db, deps.clock, session.accountId, id, actorOf(session));
    return reply.status(204).send();
  });
}

function registerAccepting(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };
  const secure = deps.config.publicUrl.startsWith('https://');

  app.post('/api/console/invitation/details', protect, async (request, reply) => {
    await enforceRateLimits(deps, reply, invitationLimits(request.ip));
    const { token } = parseInput(invitationLookupInput, request.body);
    return lookupInvitation(db, deps.clock, token);
  });

  app.post('/api/console/invitation/accept', protect, async (request, reply): Promise<InvitationAccepted> => {
    await enforceRateLimits(deps, reply, invitationLimits(request.ip));
    const input = parseInput(invitationAcceptInput, request.body);
    const accepted = await acceptInvitation(db, deps.clock, input);
    if (accepted.signIn === 'sso-required') return { accountId: accepted.accountId, signedIn: false };
    // A session of its own: the invitee never joins whoever's session this browser held.
    const session = await createSession(db, deps.clock, {
      grants: [
        {
          accountId: accepted.accountId,
          userId: accepted.userId,
          via: accepted.signIn === 'backup' ? 'backup' : 'password',
        },
      ],
      ttlHours: deps.config.sessionHours,
    });
    setSessionCookie(reply, session, secure);
    return { accountId: accepted.accountId, signedIn: true };
  });
}
