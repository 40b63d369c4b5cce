// The licensing API's wire of a refusal (the app's /api/v1 calls): the
// catalog's HTTP status and `{error: {code, message, reference}}`, the message
// being the catalog's plain words for the user.
import type { FastifyReply } from 'fastify';
import type { Refusal } from '../access/refuse.ts';

export interface RefusalBody {
  error: { code: string; message: string; reference: number };
}

export function sendRefusalJson(reply: FastifyReply, refusal: Refusal): FastifyReply {
  const body: RefusalBody = {
    error: { code: refusal.code, message: refusal.userMessage, reference: refusal.reference },
  };
  return reply.status(refusal.httpStatus).send(body);
}
