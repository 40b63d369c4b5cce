// The /scim/v2 plugin's own ground rules: SCIM's content type and JSON parser,
// the one error mapper (RFC 7644 §3.12), the bearer token and per-account rate
// on every request, and no NUL anywhere in what reaches a handler.
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { retryAfterSeconds } from '../db/faults.ts';
import type { DatabaseHealth } from '../db/health.ts';
import { findNul } from '../http/nul-bytes.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { scimContentType as scimType } from './framework-errors.ts';
import { scimHealthRecorder } from './request-health.ts';
import { countScimRequest } from './request-limit.ts';
import { authenticateScim } from './scim-auth.ts';
import type { ScimContext } from './scim-context.ts';
import { badRequest, ScimError } from './scim-error.ts';

declare module 'fastify' {
  interface FastifyRequest {
    scim: ScimContext | null;
  }
}

function mapError(err: FastifyError, request: FastifyRequest, reply: FastifyReply, health: DatabaseHealth) {
  let error: ScimError;
  // A database fault (said once per episode by DatabaseHealth): 503 + Retry-After, which IdPs retry.
  const fault = err instanceof ScimError ? undefined : health.report(err);
  if (err instanceof ScimError) error = err;
  else if (fault) {
    reply.header('retry-after', String(retryAfterSeconds(fault.kind)));
    error = new ScimError(
      503,
      `the service cannot reach its database right now (${fault.kind}); retry later`,
    );
  } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    error = new ScimError(413, 'the request body is too large');
  else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    error = new ScimError(415, 'send application/scim+json');
  else if (
    err instanceof SyntaxError ||
    err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  ) {
    error = badRequest(`the body is not valid JSON: ${err.message}`, 'invalidSyntax');
  } else if (typeof err.statusCode === 'number' && err.statusCode < 500)
    error = new ScimError(err.statusCode, err.message);
  else {
    const traceId = randomUUID();
    request.log.error({ err, traceId }, 'SCIM request failed');
    error = new ScimError(500, `internal error (trace id ${traceId})`);
  }
  // RFC 6750 §3: a 401 names the scheme; error="invalid_token" only when a bearer token was sent.
  if (error.status === 401)
    reply.header(
      'www-authenticate',
      /^Bearer\s/i.test(request.headers.authorization ?? '')
        ? 'Bearer realm="scim", error="invalid_token"'
        : 'Bearer realm="scim"',
    );
  return reply.status(error.status).type(scimType).send(error.toBody());
}

/** A DELETE (or GET) with a JSON content type and no body has no body: it is not invalid JSON. */
type StringBodyParser = (
  request: FastifyRequest,
  body: string,
  done: (err: Error | null, body?: unknown) => void,
) => void;
function jsonOrEmpty(defaultParser: StringBodyParser): StringBodyParser {
  return (request, body, done) => {
    if (body.trim() === '') return done(null, undefined);
    return defaultParser(request, body, done);
  };
}

export function configureScimPlugin(scim: FastifyInstance, deps: ServiceDeps): void {
  // Fastify's parser (prototype-poisoning keys refused) for any body that is there.
  const json = jsonOrEmpty(scim.getDefaultJsonParser('error', 'error') as StringBodyParser);
  scim.removeContentTypeParser('application/json');
  scim.addContentTypeParser(['application/scim+json', 'application/json'], { parseAs: 'string' }, json);
  scim.setErrorHandler((err: FastifyError, request, reply) =>
    mapError(err, request, reply, deps.database.health),
  );
  scim.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type(scimType)
      .send(new ScimError(404, `no SCIM endpoint ${request.method} ${request.url.split('?')[0]}`).toBody()),
  );
  scim.decorateRequest('scim', null);
  scim.addHook('onRequest', async (request, reply) => {
    const principal = await authenticateScim(deps.database.db, deps.clock, request.headers.authorization);
    const allowance = await countScimRequest(
      deps.database.db,
      principal.accountId,
      deps.clock.now(),
      deps.config.scimRequestsPerSecond,
    );
    if (!allowance.allowed) {
      reply.header('retry-after', String(allowance.retryAfterSeconds));
      throw new ScimError(
        429,
        `more than ${deps.config.scimRequestsPerSecond} requests a second for this account`,
      );
    }
    request.scim = {
      db: deps.database.db,
      dialect: deps.database.dialect,
      clock: deps.clock,
      accountId: principal.accountId,
      tokenId: principal.tokenId,
      actor: principal.actor,
      baseUrl: `${deps.config.publicUrl}/scim/v2`,
    };
  });

  scim.addHook('onSend', scimHealthRecorder(deps.database.db, deps.clock));

  // After authentication, before any handler: no NUL in an id, a query parameter or the body.
  scim.addHook('preHandler', async (request) => {
    for (const [where, value] of [
      ['path', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const at = findNul(value);
      if (at !== null)
        throw badRequest(`${where}${at ? ` ${at}` : ''}: must not contain NUL characters`, 'invalidValue');
    }
  });
}
