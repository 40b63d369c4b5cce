// SAML endpoints: SP metadata, the ACS (HTTP-POST binding), console SSO start
// by home realm discovery, and the activation log for admins. Browser-facing
// failures are HTML pages in plain words with a reference for IT.
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { createSession, sessionCookieName } from '../console/sessions.ts';
import { requireSession } from '../console/session-guard.ts';
import { autoPostPage, failurePage } from '../http/pages.ts';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { validateAcsResponse } from './acs-flow.ts';
import { listAttempts, logAttempt } from '../access/activation-log.ts';
import { startSamlLogin } from './authn-request.ts';
import { decideActivationSignIn, recordActivationOutcome } from './activation-sign-in.ts';
import { decideConsoleAccess } from './console-access.ts';
import { accountServiceProvider } from './sp-for-account.ts';
import { discoverRealm } from '../access/home-realm.ts';

const accountParams = z.object({ accountId: z.uuid() }).strict();
const acsBody = z
  .object({ SAMLResponse: z.string().min(1).max(700_000), RelayState: z.string().max(200).optional() })
  .loose();
const ssoQuery = z.object({ email: z.email().max(254) }).strict();
const logQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

async function activationRequestOf(db: ServiceDeps['database']['db'], accountId: string, requestId: unknown) {
  if (typeof requestId !== 'string' || !requestId) return undefined;
  return (
    db
      .selectFrom('saml_requests')
      .select(['id', 'return_to'])
      .where('id', '=', requestId)
      .where('account_id', '=', accountId)
      .where('purpose', '=', 'activation')
      // Only a sign-in still waiting for its answer (a replayed answer names one long decided).
      .where('result_user_id', 'is', null)
      .where('result_code', 'is', null)
      .executeTakeFirst()
  );
}

async function refuse(
  reply: FastifyReply,
  deps: ServiceDeps,
  err: LatchkeyError,
  accountId: string | null,
  email: string | null,
  stage: 'discovery' | 'acs' | 'entitlement',
) {
  const reference = await logAttempt(deps.database.db, deps.clock, {
    accountId,
    email,
    stage,
    outcome: 'failure',
    code: err.code,
    evidence: { detail: err.message, ...err.evidence },
  });
  const status = err.code === 'SAML_MALFORMED' || err.code.startsWith('DOMAIN_') ? 400 : 403;
  return reply.status(status).type('text/html; charset=utf-8').send(failurePage(err.code, reference));
}

export async function registerSamlRoutes(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  const { db } = deps.database;

  app.get('/saml/:accountId/metadata', async (request, reply) => {
    const { accountId } = parseInput(accountParams, request.params, 'path');
    const exists = await db
      .selectFrom('accounts')
      .select('id')
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!exists) return reply.status(404).send({ error: { code: 'not_found', message: 'no such account' } });
    return reply
      .type('application/samlmetadata+xml')
      .header('content-disposition', `inline; filename="latchkey-sp-${accountId}.xml"`)
      .send(
        (
          await accountServiceProvider(db, deps.clock, deps.masterKey, deps.config.publicUrl, accountId)
        ).getMetadata(),
      );
  });

  app.get('/api/console/sso/start', async (request, reply) => {
    const { email } = parseInput(ssoQuery, request.query, 'query');
    try {
      const realm = await discoverRealm(db, email);
      const start = await startSamlLogin(
        db,
        deps.clock,
        deps.config.publicUrl,
        {
          accountId: realm.accountId,
          purpose: 'console',
          email,
          // Back into the admin console, signed in.
          returnTo: '/console/',
        },
        deps.masterKey,
      );
      if (start.binding === 'redirect') return reply.redirect(start.url, 302);
      return reply.type('text/html; charset=utf-8').send(autoPostPage(start.url, start.fields));
    } catch (err) {
      if (err instanceof LatchkeyError)
        return refuse(
          reply,
          deps,
          err,
          (err.evidence.accountId as string | undefined) ?? null,
          email,
          'discovery',
        );
      throw err;
    }
  });

  await app.register(async (acs) => {
    await acs.register(fastifyFormbody, { bodyLimit: 1024 * 1024 });
    acs.post('/saml/:accountId/acs', async (request, reply) => {
      const { accountId } = parseInput(accountParams, request.params, 'path');
      const body = parseInput(acsBody, request.body);
      const evidence: Record<string, unknown> = {};
      let email: string | null = null;
      try {
        const result = await validateAcsResponse(
          db,
          deps.clock,
          deps.config.publicUrl,
          accountId,
          body.SAMLResponse,
          deps.masterKey,
          evidence,
        ).catch((err: unknown) => {
          if (err instanceof LatchkeyError) throw err;
          // Unexpected: still a coded refusal the admin finds in the activation log; details stay in the log.
          request.log.error({ err, accountId }, 'SAML ACS: unexpected error while validating a response');
          throw new LatchkeyError('SAML_MALFORMED', 'the response could not be processed', evidence);
        });
        email = result.profile.email;
        if (result.request?.purpose === 'activation') {
          const request = result.request;
          try {
            const userId = await decideActivationSignIn(db, deps.clock, accountId, result.profile);
            await recordActivationOutcome(db, request.id, { userId });
            await logAttempt(db, deps.clock, {
              accountId,
              email,
              stage: 'entitlement',
              outcome: 'success',
              code: null,
              evidence: result.evidence,
            });
          } catch (err) {
            if (!(err instanceof LatchkeyError)) throw err;
            const reference = await logAttempt(db, deps.clock, {
              accountId,
              email,
              stage: 'entitlement',
              outcome: 'failure',
              code: err.code,
              evidence: { detail: err.message, ...result.evidence, ...err.evidence },
            });
            await recordActivationOutcome(db, request.id, { code: err.code, reference });
          }
          // The interaction cookie does not ride on the IdP's cross-site POST: continue on a same-site GET.
          return reply.redirect(`/interaction/${request.return_to ?? ''}/sso-done`, 303);
        }
        const userId = await decideConsoleAccess(db, deps.clock, accountId, result.profile).catch(
          (err: unknown) => {
            if (err instanceof LatchkeyError) Object.assign(err.evidence, { stage: 'entitlement' });
            throw err;
          },
        );
        await logAttempt(db, deps.clock, {
          accountId,
          email,
          stage: 'acs',
          outcome: 'success',
          code: null,
          evidence: result.evidence,
        });
        const session = await createSession(db, deps.clock, {
          accountId,
          userId,
          via: 'sso',
          ttlHours: deps.config.sessionHours,
        });
        reply.setCookie(sessionCookieName, session.cookieValue, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.config.publicUrl.startsWith('https://'),
          expires: new Date(session.expiresAt),
        });
        return reply.redirect(result.request?.return_to ?? '/api/console/me', 303);
      } catch (err) {
        if (err instanceof LatchkeyError) {
          // A refused answer to an activation request also ends the app's sign-in, with the code.
          const pending = await activationRequestOf(
            db,
            accountId,
            // Verified, else what the (refused) answer claims: read in the worker, never parsed here.
            err.evidence.inResponseTo ?? err.evidence.claimedInResponseTo,
          );
          if (pending) {
            const reference = await logAttempt(db, deps.clock, {
              accountId,
              email,
              stage: 'acs',
              outcome: 'failure',
              code: err.code,
              evidence: { detail: err.message, ...err.evidence },
            });
            await recordActivationOutcome(db, pending.id, { code: err.code, reference });
            return reply.redirect(`/interaction/${pending.return_to ?? ''}/sso-done`, 303);
          }
          const stage = err.evidence.stage === 'entitlement' ? 'entitlement' : 'acs';
          return refuse(reply, deps, err, accountId, email, stage);
        }
        throw err;
      }
    });
  });

  app.get('/api/console/activation-log', async (request) => {
    const session = requireSession(request);
    const { limit } = parseInput(logQuery, request.query, 'query');
    return { attempts: await listAttempts(db, session.accountId, limit) };
  });
}
