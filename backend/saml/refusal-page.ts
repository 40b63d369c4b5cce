// The browser wire of a refusal (ACS, console SSO start): the catalog's plain
// message and the reference for IT, with the catalog's HTTP status. Beside it,
// what is refused before any decision: a post that is no answer.
import type { FastifyError, FastifyReply } from 'fastify';
import type { Refusal } from '../access/refuse.ts';
import { ApiError } from '../http/api-error.ts';
import { failurePage, unreadablePostPage } from '../http/pages.ts';

export function sendRefusalPage(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply
    .status(refusal.httpStatus)
    .type('text/html; charset=utf-8')
    .send(failurePage(refusal.code, refusal.reference));
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
