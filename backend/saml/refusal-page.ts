// The browser wire of a refusal (ACS, console SSO start): the catalog's plain
// message and the reference for IT, with the catalog's HTTP status.
import type { FastifyReply } from 'fastify';
import type { Refusal } from '../access/refuse.ts';
import { failurePage } from '../http/pages.ts';

export function sendRefusalPage(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply
    .status(refusal.httpStatus)
    .type('text/html; charset=utf-8')
    .send(failurePage(refusal.code, refusal.reference));
}
