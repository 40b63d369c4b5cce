// Rate limits of the device authorization grant (RFC 8628 §5.1 "Device Code
// Brute Forcing", §5.2): the app's device authorization request (JSON, the
// OAuth error format of RFC 6749 §5.2 with Retry-After) and the user-code
// entry on the second device (the browser's 429 page), each counted per client
// IP before oidc-provider runs.
import type { FastifyInstance } from 'fastify';
import { limitBrowserStep } from '../http/rate-limit-page.ts';
import { deviceAuthorizationLimits, exceededRateLimit, userCodeEntryLimits } from '../http/rate-limits.ts';
import type { ServiceDeps } from '../service-deps.ts';

const deviceAuthorizationPath = /^\/oidc\/device\/auth(?:[/?]|$)/i;
const codeVerificationPath = /^\/oidc\/device(?:\?|$)/i;

/** Add before the provider is mounted: Fastify runs onRequest hooks in the order they were added. */
export function limitDeviceFlow(app: FastifyInstance, deps: ServiceDeps): void {
  const countCodeEntry = limitBrowserStep(deps, userCodeEntryLimits);
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST') return;
    if (codeVerificationPath.test(request.url)) return countCodeEntry(request, reply);
    if (!deviceAuthorizationPath.test(request.url)) return;
    const retryAfterSeconds = await exceededRateLimit(deps, deviceAuthorizationLimits(request.ip));
    if (retryAfterSeconds === undefined) return;
    return reply
      .status(429)
      .header('retry-after', String(retryAfterSeconds))
      .header('cache-control', 'no-store')
      .send({
        error: 'temporarily_unavailable',
        error_description: `too many sign-in requests from this network: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`,
      });
  });
}
