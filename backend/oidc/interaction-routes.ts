// The authorization server's interaction: the app's login_hint (corporate
// email) → home realm discovery → the company IdP over SAML → the ACS decides
// the entitlement → back here to finish. A refusal ends the flow with an
// OAuth error whose description is the catalog code, and the browser shows
// the plain message before returning to the app.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { isFailureCode, type FailureCode } from '../../common/failure-codes.ts';
import { autoPostPage, escapeHtml, failurePage } from '../http/pages.ts';
import { ApiError } from '../http/api-error.ts';
import { parseInput } from '../http/validate.ts';
import { logDiscoveryRefusal } from '../access/activation-log.ts';
import { startSamlLogin } from '../saml/authn-request.ts';
import { discoverRealm } from '../access/home-realm.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { desktopScopes, oidcProvider } from './provider.ts';

const uidParams = z.object({ uid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict();

/** The failure page, then on to the app with the error (so both the user and the app know). */
function refusalPage(code: FailureCode, reference: string | number, redirectTo: string): string {
  return failurePage(code, reference).replace(
    '</main>',
    `<p><a href="${escapeHtml(redirectTo)}">Return to Latchkey</a></p></main><meta http-equiv="refresh" content="4;url=${escapeHtml(redirectTo)}">`,
  );
}

export function registerInteractionRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  async function finishWithError(
    request: FastifyRequest,
    reply: FastifyReply,
    code: FailureCode,
    reference: string | number,
  ) {
    const provider = await oidcProvider(deps);
    const redirectTo = await provider.interactionResult(
      request.raw,
      reply.raw,
      // The app reads the code (first word) and the activation log reference it shows the user.
      { error: 'access_denied', error_description: `${code} ref:${reference}` },
      { mergeWithLastSubmission: false },
    );
    return reply.type('text/html; charset=utf-8').send(refusalPage(code, reference, redirectTo));
  }

  /** The interaction this browser is in (its cookie), which must be the one the URL names. */
  async function currentInteraction(request: FastifyRequest, reply: FastifyReply) {
    const { uid } = parseInput(uidParams, request.params, 'path');
    const provider = await oidcProvider(deps);
    const details = await provider.interactionDetails(request.raw, reply.raw);
    if (details.uid !== uid) throw new ApiError(400, 'invalid_request', 'this browser is in another sign-in');
    return { uid, provider, details };
  }

  app.get('/interaction/:uid', async (request, reply) => {
    const { uid, provider, details } = await currentInteraction(request, reply);
    if (details.prompt.name === 'consent') {
      // First-party app (prompt=consent is how it asks for offline_access): granted without a screen.
      const accountId = details.session?.accountId;
      if (!accountId)
        return reply.status(400).send({ error: { code: 'invalid_request', message: 'no signed-in user' } });
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      if (!grant)
        return reply.status(400).send({ error: { code: 'invalid_request', message: 'grant not found' } });
      grant.addOIDCScope(desktopScopes);
      const grantId = await grant.save();
      const redirectTo = await provider.interactionResult(
        request.raw,
        reply.raw,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return reply.redirect(redirectTo, 303);
    }
    const email =
      typeof details.params.login_hint === 'string' ? details.params.login_hint.trim().toLowerCase() : '';
    try {
      if (!z.email().safeParse(email).success)
        throw new LatchkeyError('DOMAIN_NOT_REGISTERED', 'login_hint is not an email address', { email });
      const realm = await discoverRealm(db, email);
      const start = await startSamlLogin(
        db,
        deps.clock,
        deps.config.publicUrl,
        { accountId: realm.accountId, purpose: 'activation', email, returnTo: uid },
        deps.masterKey,
      );
      if (start.binding === 'redirect') return reply.redirect(start.url, 302);
      return reply.type('text/html; charset=utf-8').send(autoPostPage(start.url, start.fields));
    } catch (err) {
      if (!(err instanceof LatchkeyError)) throw err;
      const reference = await logDiscoveryRefusal(db, deps.clock, email, err);
      return finishWithError(request, reply, err.code, reference);
    }
  });

  app.get('/interaction/:uid/sso-done', async (request, reply) => {
    const { uid, provider } = await currentInteraction(request, reply);
    const outcome = await db
      .selectFrom('saml_requests')
      .select(['id', 'result_user_id', 'result_code', 'result_reference'])
      .where('return_to', '=', uid)
      .where('purpose', '=', 'activation')
      .where((eb) => eb.or([eb('result_user_id', 'is not', null), eb('result_code', 'is not', null)]))
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (outcome?.result_user_id) {
      const redirectTo = await provider.interactionResult(
        request.raw,
        reply.raw,
        { login: { accountId: outcome.result_user_id } },
        { mergeWithLastSubmission: false },
      );
      return reply.redirect(redirectTo, 303);
    }
    const code =
      outcome?.result_code && isFailureCode(outcome.result_code) ? outcome.result_code : 'BROWSER_CANCELLED';
    return finishWithError(request, reply, code, outcome?.result_reference ?? outcome?.id ?? uid);
  });
}
