// POST /api/v1/sso/discovery: home realm discovery as its own small call, so
// the app fails at once on DOMAIN_NOT_REGISTERED / DOMAIN_NOT_VERIFIED /
// INTEGRATION_NOT_ACTIVE instead of opening a browser that can only show the
// refusal. The authorization endpoint still decides the same way on its own
// (the app's check is a courtesy, not a gate).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeFailure } from '../../common/failure-codes.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { ssoDiscoveryPath, type SsoDiscoveryAnswer } from '../../common/sso-discovery.ts';
import { parseInput } from '../http/validate.ts';
import { logAttempt } from '../saml/activation-log.ts';
import { discoverRealm } from '../saml/home-realm.ts';
import type { ServiceDeps } from '../service-deps.ts';

const discoveryInput = z.object({ email: z.string().trim().toLowerCase().max(254).pipe(z.email()) }).strict();

export function registerSsoDiscoveryRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  // Anyone may ask: one indexed read, and a log row on refusal; bounded per client.
  app.post(
    ssoDiscoveryPath,
    { config: { rateLimit: { max: 60, timeWindow: 60_000 } } },
    async (request, reply) => {
      const { email } = parseInput(discoveryInput, request.body);
      try {
        const realm = await discoverRealm(db, email);
        return { domain: realm.domain } satisfies SsoDiscoveryAnswer;
      } catch (err) {
        if (!(err instanceof LatchkeyError)) throw err;
        const reference = await logAttempt(db, deps.clock, {
          accountId: (err.evidence.accountId as string | undefined) ?? null,
          email,
          stage: 'discovery',
          outcome: 'failure',
          code: err.code,
          evidence: { detail: err.message, ...err.evidence },
        });
        const info = describeFailure(err.code);
        return reply
          .status(info.httpStatus)
          .send({ error: { code: err.code, message: info.userMessage, reference } });
      }
    },
  );
}
