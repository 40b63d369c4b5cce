// A browser's sign-in step over a rate limit (ACS post, console or app SSO
// start): a 429 page with Retry-After (RFC 6585 §4), not the APIs' JSON.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceDeps } from '../service-deps.ts';
import { tooManySignInsPage } from './pages.ts';
import { exceededRateLimit } from './rate-limits.ts';
import type { RateLimit } from './rate-limit-store.ts';

/**
 * Counts the browser's request in each limit; over one, a 429 page with Retry-After (RFC 6585 §4)
 * and true. Nothing is logged: a flood must not cost a write per refused request.
 */
async function refusedOverLimit(
  deps: ServiceDeps,
  reply: FastifyReply,
  limits: RateLimit[],
): Promise<boolean> {
  const retryAfterSeconds = await exceededRateLimit(deps, limits);
  if (retryAfterSeconds === undefined) return false;
  reply
    .status(429)
    .header('retry-after', String(retryAfterSeconds))
    .type('text/html; charset=utf-8')
    .send(tooManySignInsPage(retryAfterSeconds));
  return true;
}

/**
 * An onRequest hook that counts each request by its client IP (as the trusted proxies report it)
 * in `limitsFor(ip)` before the route does any work, and answers the 429 page when one is over.
 */
export function limitBrowserStep(deps: ServiceDeps, limitsFor: (ip: string) => RateLimit[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (await refusedOverLimit(deps, reply, limitsFor(request.ip))) return reply;
  };
}
