// Console API for Test connection (console/test-connection.ts): start a real
// SP-initiated sign-in against the IdP of step 4 — while the integration is
// not active yet, for the signed-in admin's own account only — and read the
// last outcome. The IdP answers at the ACS, which records it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../http/api-error.ts';
import { autoPostPage } from '../http/pages.ts';
import { parseInput } from '../http/validate.ts';
import { connectionTestView, startConnectionTest, takeTestPostForm } from './test-connection.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { requireSession, requireSessionState } from '../http/session-guard.ts';
import type { ConsoleSession } from '../http/sessions.ts';

const postParams = z.object({ requestId: z.string().min(1).max(200) }).strict();
const adminOf = (s: ConsoleSession) => ({ accountId: s.accountId, userId: s.userId, email: s.email });

export function registerTestConnectionRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };

  app.get('/api/console/integration/test-connection', async (request) => {
    const session = requireSession(request);
    return connectionTestView(db, deps.clock, session.accountId);
  });

  // Answers where the browser goes next (the IdP, or our auto-post page for a POST-only IdP):
  // a fetch with the CSRF header, then a top-level navigation (the console's CSP allows no
  // form posts elsewhere).
  app.post('/api/console/integration/test-connection', protect, async (request) => {
    const session = requireSession(request);
    return startConnectionTest(db, deps.clock, deps.config.publicUrl, deps.masterKey, adminOf(session));
  });

  app.get('/api/console/integration/test-connection/:requestId/post', async (request, reply) => {
    const { grants } = requireSessionState(request);
    const { requestId } = parseInput(postParams, request.params, 'path');
    // A top-level navigation carries no Latchkey-Workspace header: the test belongs to the
    // workspace whose admin started it, one of this session's grants (each checked as ever).
    let form: Awaited<ReturnType<typeof takeTestPostForm>>;
    for (const grant of grants) {
      form ??= await takeTestPostForm(db, deps.clock, adminOf(grant), requestId);
    }
    if (!form) throw new ApiError(404, 'not_found', 'no such test waiting to be sent: start it again');
    return reply
      .type('text/html; charset=utf-8')
      .send(autoPostPage(form.url, form.fields, 'Continuing to your identity provider…'));
  });
}
