// Console API for app invitations (issue 25 item 3): end users invited by
// email to install and activate the desktop app. Not /api/console/invitations
// (console team members, invitation-routes.ts).
import type { FastifyInstance } from 'fastify';
import type { AppInvitationResult, AppInvitationSettings } from '../../common/console-app-invitations.ts';
import { inviteToApp, appInvitationInput } from '../app-invitations/invite.ts';
import {
  copyAppInvitationLink,
  resendAppInvitation,
  revokeAppInvitation,
} from '../app-invitations/manage.ts';
import { appInvitationSender } from '../app-invitations/sender.ts';
import {
  downloadUrlInput,
  readAppInvitationSettings,
  requireDownloadUrl,
  setDownloadUrl,
} from '../app-invitations/settings.ts';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { appInvitationListQuery, appInvitationPage } from './lists/app-invitation-list.ts';

export function registerAppInvitationRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };
  const service = () => ({
    downloadUrl: deps.config.appInvitations.downloadUrl,
    emailConfigured: deps.config.mail.smtpUrl !== undefined,
  });
  // The sender of this process: started after a change so a typed invitation leaves at once.
  const kick = () => void appInvitationSender(deps, app.log)?.kick();

  app.get('/api/console/app-invitations', async (request) => {
    const session = requireSession(request);
    return appInvitationPage(
      db,
      session.accountId,
      parseInput(appInvitationListQuery, request.query, 'query'),
    );
  });

  app.post('/api/console/app-invitations', protect, async (request, reply): Promise<AppInvitationResult> => {
    const session = requireSession(request);
    const input = parseInput(appInvitationInput, request.body);
    await requireDownloadUrl(db, session.accountId, service());
    const result = await inviteToApp(
      db,
      deps.clock,
      {
        accountId: session.accountId,
        actor: actorOf(session),
        publicUrl: deps.config.publicUrl,
        emailConfigured: service().emailConfigured,
      },
      input,
    );
    kick();
    reply.header('cache-control', 'no-store');
    return reply.status(201).send(result);
  });

  app.post('/api/console/app-invitations/:id/resend', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    await resendAppInvitation(
      db,
      deps.clock,
      { accountId: session.accountId, id, actor: actorOf(session) },
      service().emailConfigured,
    );
    kick();
    return reply.status(204).send();
  });

  app.post('/api/console/app-invitations/:id/link', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const link = await copyAppInvitationLink(
      db,
      deps.clock,
      { accountId: session.accountId, id, actor: actorOf(session) },
      deps.config.publicUrl,
    );
    reply.header('cache-control', 'no-store');
    return link;
  });

  app.delete('/api/console/app-invitations/:id', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    await revokeAppInvitation(db, deps.clock, { accountId: session.accountId, id, actor: actorOf(session) });
    return reply.status(204).send();
  });

  app.get('/api/console/app-invitations/settings', async (request): Promise<AppInvitationSettings> => {
    const session = requireSession(request);
    return readAppInvitationSettings(db, session.accountId, service());
  });

  app.put('/api/console/app-invitations/settings', protect, async (request) => {
    const session = requireSession(request);
    const { downloadUrl } = parseInput(downloadUrlInput, request.body);
    await setDownloadUrl(db, deps.clock, session.accountId, downloadUrl, actorOf(session));
    return readAppInvitationSettings(db, session.accountId, service());
  });
}
