// The authorization server's interaction: the app's login_hint (corporate
// email) → home realm discovery → the company IdP over SAML → the ACS decides
// the entitlement → back here to finish. Each handler parses, calls, maps; a
// refusal ends the flow through refusal-result.ts (the catalog's OAuth error,
// "CODE ref:N", a page in plain words).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { z } from 'zod';
import { isFailureCode } from '../../common/failure-codes.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { attempt, refuse, refusalOf, type Refusal } from '../access/refuse.ts';
import { loggedRefusalGroup } from '../access/refused-group.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { autoPostPage } from '../http/pages.ts';
import { parseInput } from '../http/validate.ts';
import { startSamlLogin } from '../saml/port.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { rememberSignIn, someoneElseSignedInHere } from './last-sign-in-cookie.ts';
import { loginHintMismatch, signInEmailOf } from './login-hint-policy.ts';
import { desktopScopes, oidcProvider } from './provider.ts';
import { finishWithRefusal } from './refusal-result.ts';
import { grantForSignIn } from './sign-in-grant.ts';
import { realmOfLoginHint } from './sign-in-realm.ts';

const uidParams = z.object({ uid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict();

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** First-party app (prompt=consent is how it asks for offline_access): granted without a screen. */
async function grantFirstPartyConsent(provider: Provider, details: Details): Promise<InteractionResults> {
  // oidc-provider's "accountId" is our user (account_users.id), not a business account.
  const userId = details.session?.accountId;
  if (!userId) throw new ApiError(400, 'invalid_request', 'no signed-in user');
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: userId, clientId: String(details.params.client_id) });
  if (!grant) throw new ApiError(400, 'invalid_request', 'grant not found');
  grant.addOIDCScope(desktopScopes);
  return { consent: { grantId: await grant.save() } };
}

/** The user the ACS resolved for this interaction, or the refusal it stored (else: nothing came back). */
async function ssoOutcome(
  db: Db,
  clock: Clock,
  uid: string,
  email: string,
): Promise<{ userId: string; requestId: string } | Refusal> {
  const row = await db
    .selectFrom('saml_requests')
    .select(['id', 'account_id', 'result_user_id', 'result_code', 'result_reference'])
    .where('interaction_uid', '=', uid)
    .where('purpose', '=', 'activation')
    .where((eb) => eb.or([eb('result_user_id', 'is not', null), eb('result_code', 'is not', null)]))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (row?.result_user_id) return { userId: row.result_user_id, requestId: row.id };
  if (row?.result_code && isFailureCode(row.result_code) && row.result_reference) {
    const reference = Number(row.result_reference);
    const group = await loggedRefusalGroup(db, row.account_id, row.result_code, reference);
    return refusalOf(row.result_code, reference, { group });
  }
  const none = new LatchkeyError('BROWSER_CANCELLED', 'the sign-in came back with no answer from the IdP');
  return refuse(db, clock, none, { stage: 'acs', accountId: row?.account_id ?? null, email });
}

const emailOf = (details: Details) =>
  typeof details.params.login_hint === 'string' ? details.params.login_hint.trim().toLowerCase() : '';

/**
 * The IdP must authenticate afresh (ForceAuthn, saml-core §3.4.1) when this browser was last used by
 * someone else: the server's session named another person, the app asked for a new login, or the
 * last sign-in here was another person's (last-sign-in-cookie.ts).
 */
const needsFreshAuthentication = (details: Details, someoneElseHere: boolean) =>
  someoneElseHere ||
  details.prompt.reasons.includes(loginHintMismatch) ||
  details.prompt.reasons.includes('login_prompt');

/**
 * The login hint's domain finds the account (discovery), and the SAML request to its IdP starts,
 * forcing a fresh authentication when this browser was last someone else's.
 */
function startSignIn(deps: ServiceDeps, request: FastifyRequest, details: Details, uid: string) {
  const { db } = deps.database;
  const email = emailOf(details);
  return attempt(db, deps.clock, { stage: 'discovery', email }, async () => {
    const realm = await realmOfLoginHint(db, email);
    const forceAuthn = needsFreshAuthentication(
      details,
      someoneElseSignedInHere(request, deps.masterKey, email),
    );
    const login = {
      accountId: realm.accountId,
      purpose: 'activation',
      email,
      interactionUid: uid,
    } as const;
    return startSamlLogin(db, deps.clock, deps.config.publicUrl, login, deps.masterKey, {
      forceAuthn,
      loginHint: email,
    });
  });
}

export function registerInteractionRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

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
      const result = await grantFirstPartyConsent(provider, details);
      const redirectTo = await provider.interactionResult(request.raw, reply.raw, result, {
        mergeWithLastSubmission: true,
      });
      return reply.redirect(redirectTo, 303);
    }
    const started = await startSignIn(deps, request, details, uid);
    if (!started.ok) return finishWithRefusal(provider, request, reply, started.refusal);
    const start = started.value;
    if (start.binding === 'redirect') return reply.redirect(start.url, 302);
    return reply.type('text/html; charset=utf-8').send(autoPostPage(start.url, start.fields));
  });

  app.get('/interaction/:uid/sso-done', async (request, reply) => {
    const { uid, provider, details } = await currentInteraction(request, reply);
    const outcome = await ssoOutcome(db, deps.clock, uid, emailOf(details));
    if (!('userId' in outcome)) return finishWithRefusal(provider, request, reply, outcome);
    const signedInAs = await signInEmailOf(db, outcome.userId);
    if (signedInAs)
      rememberSignIn(reply, deps.masterKey, signedInAs, deps.config.publicUrl.startsWith('https:'));
    // The grant is this sign-in's, bound to what the ACS decided (sign-in-grant.ts).
    const grantId = await grantForSignIn(provider, db, String(details.params.client_id), outcome);
    const redirectTo = await provider.interactionResult(
      request.raw,
      reply.raw,
      { login: { accountId: outcome.userId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    return reply.redirect(redirectTo, 303);
  });
}
