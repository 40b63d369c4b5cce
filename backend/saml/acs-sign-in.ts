// What the ACS does with a posted SAMLResponse, read top to bottom:
//   validateAnswer (acs-flow.ts) → the request's purpose decides:
//     activation → finishActivation: the entitlement, stored on the request for
//                  the authorization server's interaction to finish with
//     console    → startConsoleSession: the admins group, then a session
//     test       → the console's Test connection records what came back (console/test-connection.ts)
//   any refusal → refuseAnswer: a pending Test connection records the failing check;
//                 otherwise the activation log (access/refuse.ts), then back to the
//                 app when the answer belongs to its pending sign-in, else the page.
// Framework-free: the route turns an AcsOutcome into the reply.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { logAttempt } from '../access/activation-log.ts';
import { refuse, type Refusal } from '../access/refuse.ts';
import type { Clock } from '../clock.ts';
import { createSession } from '../http/sessions.ts';
import type { Db } from '../db/types.ts';
import { validateAcsResponse, type AcsResult } from './acs-flow.ts';
import { decideActivationSignIn, recordActivationOutcome } from './activation-sign-in.ts';
import type { ConsoleAcsPort } from './console-port.ts';

export interface AcsContext {
  db: Db;
  clock: Clock;
  publicUrl: string;
  masterKey: Buffer;
  sessionHours: number;
  /** The admin console's rules for its sign-ins and its Test connection. */
  console: ConsoleAcsPort;
  /** Where an unexpected failure's details go (never to the browser). */
  logUnexpected(err: unknown, accountId: string): void;
}

export type AcsOutcome =
  /** The app's sign-in is decided: its interaction continues on a same-site GET. */
  | { kind: 'back-to-app'; interactionUid: string }
  /**
   * A console sign-in: `joinsSession` when it came from "Add a business account" —
   * the new grant joins the browser's session on a same-site GET (sso-join-routes).
   */
  | {
      kind: 'console-session';
      session: { cookieValue: string; expiresAt: string };
      returnTo: string;
      joinsSession: boolean;
    }
  /** An answer to the console's Test connection: its outcome is recorded, nobody is signed in. */
  | { kind: 'connection-test'; resultPage: string }
  | { kind: 'refused'; refusal: Refusal };

export async function signInAtAcs(
  ctx: AcsContext,
  accountId: string,
  samlResponse: string,
): Promise<AcsOutcome> {
  let answer: AcsResult;
  try {
    answer = await validateAnswer(ctx, accountId, samlResponse);
  } catch (err) {
    return refuseAnswer(ctx, accountId, null, err);
  }
  // The one place a sign-in's purpose decides what happens next.
  const request = answer.request;
  switch (request?.purpose) {
    case 'activation':
      return finishActivation(ctx, answer, request.id, request.interaction_uid ?? '');
    case 'test':
      return {
        kind: 'connection-test',
        resultPage: await ctx.console.acceptConnectionTest(ctx.db, ctx.clock, answer),
      };
    case 'console':
    case undefined: // IdP-initiated, where the account allows it: the console
      return startConsoleSession(
        ctx,
        answer,
        request?.return_path ?? '/api/console/me',
        request?.adds_workspace === 1,
      ).catch((err: unknown) => refuseAnswer(ctx, accountId, answer.profile.email, err));
  }
}

/** acs-flow.ts's steps; anything else that goes wrong is still a coded refusal. */
async function validateAnswer(ctx: AcsContext, accountId: string, samlResponse: string): Promise<AcsResult> {
  const evidence: Record<string, unknown> = {};
  try {
    return await validateAcsResponse(
      ctx.db,
      ctx.clock,
      ctx.publicUrl,
      accountId,
      samlResponse,
      ctx.masterKey,
      evidence,
    );
  } catch (err) {
    if (err instanceof LatchkeyError) throw err;
    // Unexpected: the admin finds a coded refusal in the activation log; the details stay in the log.
    ctx.logUnexpected(err, accountId);
    throw new LatchkeyError('SAML_MALFORMED', 'the response could not be processed', evidence);
  }
}

async function finishActivation(
  ctx: AcsContext,
  answer: AcsResult,
  requestId: string,
  interactionUid: string,
): Promise<AcsOutcome> {
  const { accountId, profile, evidence } = answer;
  try {
    const userId = await decideActivationSignIn(ctx.db, ctx.clock, accountId, profile, requestId);
    await recordActivationOutcome(ctx.db, requestId, { userId });
    await logAttempt(ctx.db, ctx.clock, {
      accountId,
      email: profile.email,
      stage: 'entitlement',
      outcome: 'success',
      code: null,
      evidence,
    });
  } catch (err) {
    if (!(err instanceof LatchkeyError)) throw err;
    const refusal = await refuse(ctx.db, ctx.clock, err, {
      stage: 'entitlement',
      accountId,
      email: profile.email,
      evidence,
    });
    await recordActivationOutcome(ctx.db, requestId, refusal);
  }
  return { kind: 'back-to-app', interactionUid };
}

async function startConsoleSession(
  ctx: AcsContext,
  answer: AcsResult,
  returnTo: string,
  joinsSession: boolean,
): Promise<AcsOutcome> {
  const { accountId, profile, evidence } = answer;
  const userId = await ctx.console
    .decideConsoleAccess(ctx.db, ctx.clock, accountId, profile)
    .catch((err: unknown) => {
      if (err instanceof LatchkeyError) Object.assign(err.evidence, { stage: 'entitlement' });
      throw err;
    });
  await logAttempt(ctx.db, ctx.clock, {
    accountId,
    email: profile.email,
    stage: 'acs',
    outcome: 'success',
    code: null,
    evidence,
  });
  const session = await createSession(ctx.db, ctx.clock, {
    grants: [{ accountId, userId, via: 'sso' }],
    ttlHours: ctx.sessionHours,
  });
  return { kind: 'console-session', session, returnTo, joinsSession };
}

async function refuseAnswer(
  ctx: AcsContext,
  accountId: string,
  email: string | null,
  err: unknown,
): Promise<AcsOutcome> {
  if (!(err instanceof LatchkeyError)) throw err;
  // A refused answer to a pending Test connection is that test's result, not a sign-in attempt.
  const testPage = await ctx.console.refuseConnectionTest(ctx.db, ctx.clock, accountId, err);
  if (testPage) return { kind: 'connection-test', resultPage: testPage };
  // A refused answer to the app's pending sign-in also ends that sign-in, with the code:
  // the request it answers is the verified InResponseTo, else what the refused answer
  // claims (read in the worker, never parsed here).
  const pending = await pendingActivation(
    ctx.db,
    accountId,
    err.evidence.inResponseTo ?? err.evidence.claimedInResponseTo,
  );
  const stage = !pending && err.evidence.stage === 'entitlement' ? 'entitlement' : 'acs';
  const refusal = await refuse(ctx.db, ctx.clock, err, { stage, accountId, email });
  if (!pending) return { kind: 'refused', refusal };
  await recordActivationOutcome(ctx.db, pending.id, refusal);
  return { kind: 'back-to-app', interactionUid: pending.interaction_uid ?? '' };
}

async function pendingActivation(db: Db, accountId: string, requestId: unknown) {
  if (typeof requestId !== 'string' || !requestId) return undefined;
  return (
    db
      .selectFrom('saml_requests')
      .select(['id', 'interaction_uid'])
      .where('id', '=', requestId)
      .where('account_id', '=', accountId)
      .where('purpose', '=', 'activation')
      // Only a sign-in still waiting for its answer (a replayed answer names one long decided).
      .where('result_user_id', 'is', null)
      .where('result_code', 'is', null)
      .executeTakeFirst()
  );
}
