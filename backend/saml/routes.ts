// SAML endpoints: SP metadata, the ACS (HTTP-POST binding) and console SSO start
// by home realm discovery (the activation log is console/activation-log-routes.ts). Each parses,
// calls, maps: the ACS flow is acs-sign-in.ts; refusals are the browser page
// of refusal-page.ts (catalog message, status and reference).
import fastifyFormbody from '@fastify/formbody';
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { discoverRealm } from '../access/home-realm.ts';
import { attempt } from '../access/refuse.ts';
import { sendToJoin } from '../http/session-join.ts';
import { autoPostPage } from '../http/pages.ts';
import { limitBrowserStep } from '../http/rate-limit-page.ts';
import { consoleSsoStartLimits, samlAcsLimits } from '../http/rate-limits.ts';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { signInAtAcs, type AcsContext } from './acs-sign-in.ts';
import type { ConsoleAcsPort } from './console-port.ts';
import { startSamlLogin } from './authn-request.ts';
import { sendRefusalPage, sendUnreadablePostPage } from './refusal-page.ts';
import { accountServiceProvider } from './sp-for-account.ts';
import { setSessionCookie } from '../http/session-cookie.ts';

const accountParams = z.object({ accountId: z.uuid() }).strict();
const acsBody = z
  .object({ SAMLResponse: z.string().min(1).max(700_000), RelayState: z.string().max(200).optional() })
  .loose();
const ssoQuery = z
  .object({
    email: z.email().max(254),
    // "Add a business account": the sign-in's grant joins this browser's session.
    add: z.literal('1').optional(),
  })
  .strict();

// Read per request: the public URL is known only once the service listens (port 0 in tests).
const acsContext = (deps: ServiceDeps, consoleAcs: ConsoleAcsPort, log: FastifyBaseLogger): AcsContext => ({
  db: deps.database.db,
  clock: deps.clock,
  publicUrl: deps.config.publicUrl,
  masterKey: deps.masterKey,
  sessionHours: deps.config.sessionHours,
  console: consoleAcs,
  logUnexpected: (err, accountId) =>
    log.error({ err, accountId }, 'SAML ACS: unexpected error while validating a response'),
});

/** consoleAcs: the console's rules for its sign-ins and Test connection (console/acs-port.ts). */
export async function registerSamlRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  consoleAcs: ConsoleAcsPort,
): Promise<void> {
  registerSpMetadata(app, deps);
  registerConsoleSsoStart(app, deps);
  await registerAcs(app, deps, consoleAcs);
}

/** The SP metadata an admin uploads to the IdP (step 2). */
function registerSpMetadata(app: FastifyInstance, deps: ServiceDeps): void {
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
}

/** An admin's "Continue with SSO" into the console: home realm discovery, then the IdP. */
function registerConsoleSsoStart(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  // Counted on arrival, before any work: each start stores a SAML request.
  const countStart = limitBrowserStep(deps, (ip) =>
    consoleSsoStartLimits(deps.config.consoleSsoStartsPerMinute, ip),
  );
  app.get('/api/console/sso/start', { onRequest: countStart }, async (request, reply) => {
    const { email, add } = parseInput(ssoQuery, request.query, 'query');
    const started = await attempt(db, deps.clock, { stage: 'discovery', email }, async () => {
      const realm = await discoverRealm(db, email);
      // Back into the admin console, signed in.
      const login = {
        accountId: realm.accountId,
        purpose: 'console',
        email,
        returnPath: '/console/',
        addsWorkspace: add === '1',
      } as const;
      return startSamlLogin(db, deps.clock, deps.config.publicUrl, login, deps.masterKey);
    });
    if (!started.ok) return sendRefusalPage(reply, started.refusal, 'console');
    const start = started.value;
    if (start.binding === 'redirect') return reply.redirect(start.url, 302);
    return reply.type('text/html; charset=utf-8').send(autoPostPage(start.url, start.fields));
  });
}

/** The ACS (HTTP-POST binding): its own body parser, page-shaped errors and per-IP count. */
async function registerAcs(app: FastifyInstance, deps: ServiceDeps, consoleAcs: ConsoleAcsPort) {
  await app.register(async (acs) => {
    await acs.register(fastifyFormbody, { bodyLimit: 1024 * 1024 });
    // The browser posted it: a post that is no answer gets a page too, not the console's JSON.
    acs.setErrorHandler((err: FastifyError, _request, reply) => sendUnreadablePostPage(err, reply));
    // Counted on arrival, before the body is read: the XML work of a post is what a flood buys.
    const countPost = limitBrowserStep(deps, (ip) => samlAcsLimits(deps.config.samlAcsPostsPerMinute, ip));
    const secure = deps.config.publicUrl.startsWith('https://');
    acs.post('/saml/:accountId/acs', { onRequest: countPost }, async (request, reply) => {
      const { accountId } = parseInput(accountParams, request.params, 'path');
      const body = parseInput(acsBody, request.body);
      const outcome = await signInAtAcs(
        acsContext(deps, consoleAcs, request.log),
        accountId,
        body.SAMLResponse,
      );
      switch (outcome.kind) {
        case 'refused':
          return sendRefusalPage(reply, outcome.refusal, 'any');
        case 'connection-test':
          return reply.redirect(outcome.resultPage, 303);
        case 'back-to-app':
          // The interaction cookie does not ride on the IdP's cross-site POST: continue on a same-site GET.
          return reply.redirect(`/interaction/${outcome.interactionUid}/sso-done`, 303);
        case 'console-session':
          if (outcome.joinsSession) return sendToJoin(reply, outcome.session, secure);
          setSessionCookie(reply, outcome.session, secure);
          return reply.redirect(outcome.returnTo, 303);
      }
    });
  });
}
