// The browser wire of a refusal (ACS, console SSO start): the catalog's plain
// message and the reference for IT, with the catalog's HTTP status. Beside it,
// what is refused before any decision: a post that is no answer.
import type { FastifyError, FastifyReply } from 'fastify';
import type { Refusal } from '../access/refuse.ts';
import { ApiError } from '../http/api-error.ts';
import { failurePage, unreadablePostPage } from '../http/pages.ts';

/** What the user does next, by where the sign-in started. */
const nextStep = {
  console: 'Go back to the sign-in page of the admin console to try again.',
  // The ACS refused an answer that ends no sign-in the app waits for (replayed, unsolicited).
  any: 'Nothing was activated or signed in. If the Latchkey app is still waiting for this sign-in, press Cancel there and start again; for the admin console, start again from its sign-in page. You can close this tab.',
} as const;

export function sendRefusalPage(
  reply: FastifyReply,
  refusal: Refusal,
  startedFrom: keyof typeof nextStep,
): FastifyReply {
  return reply
    .status(refusal.httpStatus)
    .type('text/html; charset=utf-8')
    .send(
      failurePage(refusal.code, refusal.reference, { group: refusal.group, next: nextStep[startedFrom] }),
    );
}

/**
 * A post the browser made that is no sign-in answer (over the body limit, no SAMLResponse):
 * its 4xx as a page; anything else goes on to the service's error mapper.
 */
export function sendUnreadablePostPage(err: FastifyError | ApiError, reply: FastifyReply): FastifyReply {
  const status = err instanceof ApiError ? err.status : err.statusCode;
  if (status === undefined || status < 400 || status >= 500) throw err;
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(unreadablePostPage(status === 413));
}
