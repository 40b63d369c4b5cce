// GET /metrics for Prometheus: on the service's own port, or on a port of its
// own (LATCHKEY_METRICS_PORT) that need not be reachable from outside. Either
// way it answers only to the configured bearer token (RFC 6750 §2.1).
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceMetrics } from './service-metrics.ts';

const checkInRoute = '/api/v1/activations/:id/check-in';
const activationRoutes = new Set(['/api/v1/activations', '/api/v1/activations/by-key']);

/** Constant time: both sides hashed to the same length first, so neither length nor prefix leaks. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!presented) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

export function registerMetricsRoute(app: FastifyInstance, metrics: ServiceMetrics, token: string): void {
  app.get('/metrics', async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, token)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="latchkey-metrics"')
        .send({ error: { code: 'unauthorized', message: 'send the metrics token as a bearer token' } });
    }
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/** Counts every request by its route pattern (never the raw URL: ids would make endless series). */
export function installMetrics(
  app: FastifyInstance,
  metrics: ServiceMetrics,
  options: { token: string; serveHere: boolean },
): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? (request.url.startsWith('/oidc') ? '/oidc/*' : '(unmatched)');
    if (route === '/metrics') return;
    metrics.request(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (route === checkInRoute && reply.statusCode === 200) metrics.checkInSucceeded();
    if (activationRoutes.has(route) && request.method === 'POST' && reply.statusCode === 201) {
      metrics.activationSucceeded();
    }
  });
  if (options.serveHere) registerMetricsRoute(app, metrics, options.token);
}

export async function startMetricsServer(
  metrics: ServiceMetrics,
  host: string,
  port: number,
  token: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = Fastify({ logger: false });
  registerMetricsRoute(server, metrics, token);
  const url = await server.listen({ host, port });
  return { url, close: () => server.close() };
}
