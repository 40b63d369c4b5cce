// The unsubscribe link of a notification email, without signing in.
// GET shows what the link turns off and a button (a mail scanner that follows
// links must not unsubscribe anyone); POST turns it off. Mail clients POST
// `List-Unsubscribe=One-Click` to the same URL (RFC 8058 §3.2).
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ServiceDeps } from '../service-deps.ts';
import { escapeHtml } from './render.ts';
import { findUnsubscribeTarget, unsubscribe } from './unsubscribe.ts';

const query = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict();

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>` +
  `<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d1d1f}` +
  `button{font:inherit;padding:.4rem 1rem}</style></head><body><main>${body}</main></body></html>`;

const invalid = (reply: FastifyReply) =>
  reply
    .status(404)
    .type('text/html; charset=utf-8')
    .send(
      page(
        'Unsubscribe link not valid',
        '<h1>This unsubscribe link is not valid</h1><p>Copy the whole link from the email, or ask an admin of your business account to change the notification rules in the console (Notifications).</p>',
      ),
    );

export async function registerUnsubscribeRoutes(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  const { db } = deps.database;
  await app.register(async (scope) => {
    await scope.register(fastifyFormbody, { bodyLimit: 1024 });
    scope.get('/notifications/unsubscribe', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const parsed = query.safeParse(request.query);
      const target = parsed.success ? await findUnsubscribeTarget(db, parsed.data.token) : null;
      if (!parsed.success || !target) return invalid(reply);
      const action = `/notifications/unsubscribe?token=${parsed.data.token}`;
      return reply
        .type('text/html; charset=utf-8')
        .send(
          page(
            'Stop notification emails',
            `<h1>Stop these emails?</h1><p>${escapeHtml(target.email)} will no longer receive "${escapeHtml(target.ruleLabel)}" emails from ${escapeHtml(target.accountName)}. Other notification rules stay as they are.</p>` +
              `<form method="post" action="${escapeHtml(action)}"><button type="submit">Stop these emails</button></form>`,
          ),
        );
    });
    scope.post('/notifications/unsubscribe', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const parsed = query.safeParse(request.query);
      const done = parsed.success ? await unsubscribe(db, deps.clock, parsed.data.token) : null;
      if (!done) return invalid(reply);
      return reply
        .type('text/html; charset=utf-8')
        .send(
          page(
            'Unsubscribed',
            `<h1>Unsubscribed</h1><p role="status">Turned off: "${escapeHtml(done.ruleLabel)}" emails to ${escapeHtml(done.email)} for ${escapeHtml(done.accountName)}.</p>` +
              '<p>An admin can add you back on the Notifications page of the admin console.</p>',
          ),
        );
    });
  });
}
