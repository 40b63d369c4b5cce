// Rate limits of the device authorization grant (RFC 8628 §5.1 "Device Code
// Brute Forcing", §5.2): the app's device authorization request (JSON, the
// OAuth error format of RFC 6749 §5.2 with Retry-After, SIGN_IN_RATE_LIMITED
// in error_description — sign-in-rate-limit.ts) and the user-code
// entry on the second device (the browser's 429 page), each counted per client
// IP before oidc-provider runs.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { describeFailure } from '../../common/failure-codes.ts';
import { formatFailureDescription } from '../../common/failure-reference.ts';
import { readCappedBody } from '../http/capped-body.ts';
import { limitBrowserStep } from '../http/rate-limit-page.ts';
import { deviceAuthorizationLimits, userCodeEntryLimits } from '../http/rate-limits.ts';
import { refusedSignInStep, type SignInAsker } from '../http/sign-in-rate-limit.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { realmOfLoginHint } from './sign-in-realm.ts';

const deviceAuthorizationPath = /^\/oidc\/device\/auth(?:[/?]|$)/i;
const codeVerificationPath = /^\/oidc\/device(?:\?|$)/i;

// The device authorization request is a few form fields (RFC 8628 §3.1); more is not read.
const formLimit = 4 * 1024;

/**
 * The email (login_hint) and its account, for the log entry of a refused request — which the
 * provider will never read, so its body is read here. Anything unreadable names nobody.
 */
async function askerOf(deps: ServiceDeps, raw: IncomingMessage): Promise<SignInAsker> {
  const nobody = { email: null, accountId: null };
  if (!/^application\/x-www-form-urlencoded\b/i.test(raw.headers['content-type'] ?? '')) return nobody;
  const body = await readCappedBody(raw, formLimit);
  if (body === null) return nobody;
  const email = new URLSearchParams(body.toString('utf8')).get('login_hint');
  const normalized = email?.trim().toLowerCase().slice(0, 254);
  if (!normalized) return nobody;
  const realm = await realmOfLoginHint(deps.database.db, normalized).catch(() => null);
  return { email: realm ? normalized : null, accountId: realm?.accountId ?? null };
}

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
      () => askerOf(deps, request.raw),
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
