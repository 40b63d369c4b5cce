// The app's sign-in starts at the authorization endpoint (`/oidc/auth`, RFC 6749
// §3.1), which oidc-provider answers by storing an interaction: bounded per
// client IP before the provider runs, since nobody has signed in yet.
import type { FastifyInstance } from 'fastify';
import { limitBrowserStep } from '../http/rate-limit-page.ts';
import { appSignInStartLimits } from '../http/rate-limits.ts';
import type { ServiceDeps } from '../service-deps.ts';

const authorizationPath = /^\/oidc\/auth(?:[/?]|$)/i;

/** Add before the provider is mounted: Fastify runs onRequest hooks in the order they were added. */
export function limitSignInStarts(app: FastifyInstance, deps: ServiceDeps): void {
  const count = limitBrowserStep(deps, (ip) =>
    appSignInStartLimits(deps.config.appSignInStartsPerMinute, ip),
  );
  app.addHook('onRequest', async (request, reply) => {
    if (authorizationPath.test(request.url)) return count(request, reply);
  });
}
