// POST /api/v1/sso/discovery: home realm discovery as its own small call, so
// the app fails at once on DOMAIN_NOT_REGISTERED / DOMAIN_NOT_VERIFIED /
// INTEGRATION_NOT_ACTIVE instead of opening a browser that can only show the
// refusal. The authorization endpoint still decides the same way on its own
// (the app's check is a courtesy, not a gate).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ssoDiscoveryPath, type SsoDiscoveryAnswer } from '../../common/sso-discovery.ts';
import { ssoDiscoveryLimits } from '../http/rate-limits.ts';
import { refusedSignInStep } from '../http/sign-in-rate-limit.ts';
import { parseInput } from '../http/validate.ts';
import { attempt } from '../access/refuse.ts';
import { discoverRealm } from '../access/home-realm.ts';
import { deviceCodeSignInOn } from '../devices/device-code-setting.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { sendRateLimitJson, sendRefusalJson } from './refusal-json.ts';

const discoveryInput = z.object({ email: z.string().trim().toLowerCase().max(254).pipe(z.email()) }).strict();

export function registerSsoDiscoveryRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  // Anyone may ask: one indexed read, and a log row on refusal; bounded per client (in the database).
  app.post(ssoDiscoveryPath, async (request, reply) => {
    // The first call of every sign-in: over the limit, the app is told to wait (SIGN_IN_RATE_LIMITED).
    const refused = await refusedSignInStep(
      deps,
      request.ip,
      ssoDiscoveryLimits(request.ip),
      'SSO discovery',
      // For the log entry (once per window): the email asked about and its account, when both are.
      async () => {
        const asked = discoveryInput.safeParse(request.body);
        const realm = asked.success ? await discoverRealm(db, asked.data.email).catch(() => null) : null;
        return {
          email: realm && asked.success ? asked.data.email : null,
          accountId: realm?.accountId ?? null,
        };
      },
    );
    if (refused) return sendRateLimitJson(reply, refused);
    const { email } = parseInput(discoveryInput, request.body);
    const found = await attempt(db, deps.clock, { stage: 'discovery', email }, () =>
      discoverRealm(db, email),
    );
    if (!found.ok) return sendRefusalJson(reply, found.refusal);
    return {
      domain: found.value.domain,
      deviceCodeSignIn: await deviceCodeSignInOn(db, found.value.accountId),
    } satisfies SsoDiscoveryAnswer;
  });
}
