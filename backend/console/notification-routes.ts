// Console API of the Notifications page (docs/notifications.md): the rules
// with their recipients, saving one rule, and "Send a test email" to the
// signed-in admin.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  notificationKinds,
  spikeLimits,
  type NotificationSettings,
  type NotificationTestResult,
} from '../../common/console-notifications.ts';
import { ApiError } from '../http/api-error.ts';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { parseInput } from '../http/validate.ts';
import { mailerFromConfig } from '../mail/mailer.ts';
import { listConsoleAdmins } from '../notifications/admins.ts';
import { renderNotification } from '../notifications/render.ts';
import { readRules, ruleView, saveRule } from '../notifications/rules.ts';
import type { ServiceDeps } from '../service-deps.ts';

const kindParam = z.object({ kind: z.enum(notificationKinds) }).strict();

const ruleInput = z
  .object({
    enabled: z.boolean(),
    recipients: z.array(z.uuid()).max(100),
    spike: z
      .object({
        threshold: z.number().int().min(spikeLimits.threshold.min).max(spikeLimits.threshold.max),
        windowMinutes: z.number().int().min(spikeLimits.windowMinutes.min).max(spikeLimits.windowMinutes.max),
      })
      .strict()
      .optional(),
  })
  .strict();

export function registerNotificationRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };

  app.get('/api/console/notifications', async (request): Promise<NotificationSettings> => {
    const session = requireSession(request);
    const rules = await readRules(db, session.accountId);
    return {
      emailConfigured: deps.config.mail.smtpUrl !== undefined,
      rules: [...rules.values()].map(ruleView),
      admins: await listConsoleAdmins(db, session.accountId),
    };
  });

  app.put('/api/console/notifications/:kind', protect, async (request, reply) => {
    const session = requireSession(request);
    const { kind } = parseInput(kindParam, request.params, 'path');
    const rule = parseInput(ruleInput, request.body);
    await saveRule(db, deps.clock, { accountId: session.accountId, kind, actor: actorOf(session), rule });
    return reply.status(204).send();
  });

  app.post('/api/console/notifications/test', protect, async (request): Promise<NotificationTestResult> => {
    const session = requireSession(request);
    const mailer = mailerFromConfig(deps.config.mail);
    if (!mailer)
      throw new ApiError(
        409,
        'email_not_configured',
        'Email is not configured on this service (LATCHKEY_SMTP_URL).',
      );
    const email = renderNotification(
      {
        kind: 'seats_threshold',
        key: 'test',
        type: 'seats.threshold_reached',
        occurredAt: deps.clock.now().toISOString(),
        data: { licenseName: 'Example license (test)', seatsUsed: 90, seats: 100, threshold: 90 },
      },
      {
        accountId: session.accountId,
        accountName: session.accountName,
        publicUrl: deps.config.publicUrl.replace(/\/$/, ''),
        recipientEmail: session.email,
      },
    );
    try {
      await mailer.send({ to: session.email, ...email, subject: `${email.subject} (test)` });
    } catch (err) {
      request.log.warn({ err }, 'test notification email failed');
      throw new ApiError(
        502,
        'email_failed',
        'The mail server did not accept the test email: check LATCHKEY_SMTP_URL and the server.',
      );
    } finally {
      mailer.close();
    }
    return { sentTo: session.email };
  });
}
