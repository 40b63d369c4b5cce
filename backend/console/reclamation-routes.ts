// Console API for reclamation (issue 23 item 2), per license: the policy (off
// by default; N ≥ 7 days), a preview of what a run would release (for the
// saved days, or for days being typed), and "Release now".
import type { FastifyInstance } from 'fastify';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import { previewReclamation, runReclamation } from '../licensing/reclamation.ts';
import {
  ownLicenseId,
  readReclamationPolicy,
  setReclamationPolicy,
} from '../licensing/reclamation-policy.ts';
import { reclamationPolicyInput, reclamationPreviewQuery } from '../licensing/reclamation-rules.ts';
import type { ServiceDeps } from '../service-deps.ts';

export function registerConsoleReclamationRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };

  app.get('/api/console/licenses/:id/reclamation', async (request) => {
    const { accountId } = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    return readReclamationPolicy(db, accountId, id);
  });

  app.put('/api/console/licenses/:id/reclamation', protect, async (request) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const { silentDays } = parseInput(reclamationPolicyInput, request.body);
    return setReclamationPolicy(db, deps.clock, session.accountId, id, silentDays, actorOf(session));
  });

  app.get('/api/console/licenses/:id/reclamation/preview', async (request) => {
    const { accountId } = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const { silentDays } = parseInput(reclamationPreviewQuery, request.query, 'query');
    const licenseId = await ownLicenseId(db, accountId, id);
    return previewReclamation(db, deps.clock, {
      accountId,
      licenseId,
      ...(silentDays !== undefined && { silentDays }),
    });
  });

  app.post('/api/console/licenses/:id/reclamation/run', protect, async (request) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const licenseId = await ownLicenseId(db, session.accountId, id);
    return runReclamation(
      db,
      deps.clock,
      { accountId: session.accountId, licenseId },
      { actor: actorOf(session) },
    );
  });
}
