// One lean line per request instead of Fastify's two (incoming + completed,
// each serializing and redacting the request): method, route, status and time,
// never headers or the query string (codes and tokens travel there). A
// successful check-in — the hot path, every device every day — is logged at
// debug only; its refusals are in the activation log and logged at info.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

const checkInRoute = '/api/v1/activations/:id/check-in';

export class LeanRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      // The route's pattern where one matched: the path without ids or query.
      route: request.routeOptions.url ?? request.url.split('?')[0],
      statusCode: reply.statusCode,
      responseTime: +reply.elapsedTime.toFixed(2),
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (line.route === checkInRoute && reply.statusCode < 400)
      reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }
}
