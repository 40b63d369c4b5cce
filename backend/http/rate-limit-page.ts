// A browser's sign-in step over a rate limit (ACS post, console or app SSO
// start): a 429 page with Retry-After (RFC 6585 §4), not the APIs' JSON.
import type { FastifyReply } from 'fastify';
import type { ServiceDeps } from '../service-deps.ts';
import { tooManySignInsPage } from './pages.ts';
import { exceededRateLimit } from './rate-limits.ts';
import type { RateLimit } from './rate-limit-store.ts';

/**
 * Counts the browser's request in each limit; over one, a 429 page with Retry-After (RFC 6585 §4)
 * and true. Nothing is logged: a flood must not cost a write per refused request.
 */
export async function refusedOverLimit(
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
