// The one mapper from any thrown error to the console API's JSON error body.
// 4xx carry what was wrong; a 500 carries only a trace id, which the log line
// has too, never internals.
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import { classifyDatabaseFault, retryAfterSeconds } from '../db/faults.ts';
import type { DatabaseHealth } from '../db/health.ts';
import { ApiError, type ApiErrorBody } from './api-error.ts';

interface FrameworkErrorShape {
  status: number;
  code: string;
  message: string;
}

/**
 * A route's compiled schema refused the input (ajv): 400 invalid_input naming the field, as
 * http/validate.ts says it for zod-checked input. Only the field and the rule are said, never the value.
 */
function fromSchemaValidation(err: FastifyError): FrameworkErrorShape & { field?: string } {
  const first = err.validation?.[0];
  const where = err.validationContext ?? 'body';
  const missing =
    first?.params && 'missingProperty' in first.params ? first.params.missingProperty : undefined;
  const field =
    [first?.instancePath.replace(/^\//, '').replaceAll('/', '.'), missing].filter(Boolean).join('.') ||
    undefined;
  const rule =
    first?.keyword === 'format'
      ? `must be a ${String(first.params.format)}`
      : (first?.message ?? 'is invalid');
  return {
    status: 400,
    code: 'invalid_input',
    message: `${field ?? where}: ${rule}`,
    ...(field && { field }),
  };
}

// Fastify's own rejections of bad requests, said in our terms.
function fromFrameworkError(err: FastifyError): (FrameworkErrorShape & { field?: string }) | undefined {
  if (err.validation) return fromSchemaValidation(err);
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: 'send the body as application/json' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'body_too_large', message: 'the request body is too large' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_json', message: 'the JSON body is empty' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'invalid_request', message: 'Content-Length does not match the body' };
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return {
        status: 403,
        code: 'csrf_invalid',
        message:
          'missing or invalid CSRF token: fetch one from GET /api/console/csrf and send it as x-csrf-token',
      };
  }
  if (err.statusCode === 429) {
    return {
      status: 429,
      code: 'rate_limited',
      message: 'too many attempts: wait a few minutes and try again',
    };
  }
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return { status: 400, code: 'invalid_json', message: `the body is not valid JSON: ${err.message}` };
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, code: 'invalid_request', message: err.message };
  }
  return undefined;
}

export function installErrorMapper(app: FastifyInstance, health?: DatabaseHealth): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) {
      return reply.status(err.status).send(err.toBody());
    }
    const known = fromFrameworkError(err);
    if (known) {
      const body: ApiErrorBody = {
        error: { code: known.code, message: known.message, ...(known.field && { field: known.field }) },
      };
      return reply.status(known.status).send(body);
    }
    // A database fault is not our bug: 503 with Retry-After, and the episode's
    // one log line (DatabaseHealth) instead of one per failed request.
    const fault = health ? health.report(err) : classifyDatabaseFault(err);
    if (fault) {
      const seconds = retryAfterSeconds(fault.kind);
      const body: ApiErrorBody = {
        error: {
          code: 'service_unavailable',
          message: `the service cannot reach its database right now (${fault.kind}); try again in ${seconds} seconds`,
        },
      };
      return reply.status(503).header('retry-after', String(seconds)).send(body);
    }
    const traceId = randomUUID();
    request.log.error({ err, traceId }, 'unhandled error');
    const body: ApiErrorBody = {
      error: { code: 'internal_error', message: 'something went wrong on our side', traceId },
    };
    return reply.status(500).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ApiErrorBody = {
      error: { code: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` },
    };
    return reply.status(404).send(body);
  });
}
