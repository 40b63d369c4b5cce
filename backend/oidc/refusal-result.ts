// The OAuth wire of a refusal: the interaction finishes with the catalog's
// OAuth error (RFC 6749 §4.1.2.1) and an error_description the app parses —
// "<CODE> ref:<activation log reference>" (main/core/oauth/sso-sign-in.ts) —
// after a page in plain words, so both the user and the app know.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { formatFailureDescription } from '../../common/failure-reference.ts';
import type { Refusal } from '../access/refuse.ts';
import { escapeHtml, failurePage } from '../http/pages.ts';

/** What the user does next: the app takes over from here (issue 20 item 4). */
const backToApp =
  'Going back to Latchkey: the app shows what happened, what to tell your IT team and a diagnostic report to send them. You can close this tab then.';

/** The failure page, then on to the app with the error. */
function refusalPage(refusal: Refusal, redirectTo: string): string {
  return failurePage(refusal.code, refusal.reference, { group: refusal.group, next: backToApp }).replace(
    '</main>',
    `<p><a href="${escapeHtml(redirectTo)}">Return to Latchkey now</a></p></main><meta http-equiv="refresh" content="4;url=${escapeHtml(redirectTo)}">`,
  );
}

export async function finishWithRefusal(
  provider: Provider,
  request: FastifyRequest,
  reply: FastifyReply,
  refusal: Refusal,
): Promise<FastifyReply> {
  const redirectTo = await provider.interactionResult(
    request.raw,
    reply.raw,
    {
      error: refusal.oauthError,
      // The group's name goes only to this signed-in user's own app (RFC 6749 §4.1.2.1 error_description).
      error_description: formatFailureDescription(refusal.code, refusal.reference, {
        group: refusal.group,
        reason: refusal.reason,
      }),
    },
    { mergeWithLastSubmission: false },
  );
  // 200: the page must show before its refresh carries the error on to the app.
  return reply.type('text/html; charset=utf-8').send(refusalPage(refusal, redirectTo));
}
