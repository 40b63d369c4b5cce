// Errors Fastify raises before any route runs (an id longer than the router
// allows, a malformed URL): under /scim they are SCIM error bodies (RFC 7644
// §3.12), elsewhere the console API's error shape.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from './scim-error.ts';

export const scimContentType = 'application/scim+json; charset=utf-8';

export function answerFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = typeof err.statusCode === 'number' && err.statusCode < 500 ? err.statusCode : 400;
  if (request.url.toLowerCase().startsWith('/scim/')) {
    const detail = status === 414 ? 'an id in the URL is too long' : 'the URL is not valid';
    return reply.status(status).type(scimContentType).send(new ScimError(status, detail).toBody());
  }
  return reply
    .status(status)
    .send({ error: { code: 'bad_url', message: 'the URL is not valid or too long' } });
}
