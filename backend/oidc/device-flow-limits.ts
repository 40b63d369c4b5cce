// Rate limits of the device authorization grant (RFC 8628 §5.1 "Device Code
// Brute Forcing", §5.2): the app's device authorization request (JSON, the
// OAuth error format of RFC 6749 §5.2 with Retry-After, SIGN_IN_RATE_LIMITED
// in error_description — sign-in-rate-limit.ts) and the user-code
// entry on the second device (the browser's 429 page), each counted per client
// IP before oidc-provider runs.
import type { FastifyInstance } from 'fastify';
import { describeFailure } from '../../common/failure-codes.ts';
import { formatFailureDescription } from '../../common/failure-reference.ts';
import { limitBrowserStep } from '../http/rate-limit-page.ts';
import { deviceAuthorizationLimits, userCodeEntryLimits } from '../http/rate-limits.ts';
import { refusedSignInStep } from '../http/sign-in-rate-limit.ts';
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
    const refused = await refusedSignInStep(
      deps,
      request.ip,
      deviceAuthorizationLimits(request.ip),
      'device code',
    );
    if (!refused) return;
    return reply
      .status(429)
      .header('retry-after', String(refused.retryAfterSeconds))
      .header('cache-control', 'no-store')
      .send({
        // RFC 6749 §5.2's error, the catalog's code (and log reference) in the description as for any refusal.
        error: describeFailure('SIGN_IN_RATE_LIMITED').oauthError,
        error_description:
          refused.reference === null
            ? 'SIGN_IN_RATE_LIMITED'
            : formatFailureDescription('SIGN_IN_RATE_LIMITED', refused.reference),
      });
  });
}
