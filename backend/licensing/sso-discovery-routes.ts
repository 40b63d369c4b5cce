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
import { enforceRateLimits, ssoDiscoveryLimits } from '../http/rate-limits.ts';
import { parseInput } from '../http/validate.ts';
import { logDiscoveryRefusal } from '../access/activation-log.ts';
import { discoverRealm } from '../access/home-realm.ts';
import type { ServiceDeps } from '../service-deps.ts';

const discoveryInput = z.object({ email: z.string().trim().toLowerCase().max(254).pipe(z.email()) }).strict();

export function registerSsoDiscoveryRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  // Anyone may ask: one indexed read, and a log row on refusal; bounded per client (in the database).
  app.post(ssoDiscoveryPath, async (request, reply) => {
    await enforceRateLimits(deps, reply, ssoDiscoveryLimits(request.ip));
    const { email } = parseInput(discoveryInput, request.body);
    try {
      const realm = await discoverRealm(db, email);
      return { domain: realm.domain } satisfies SsoDiscoveryAnswer;
    } catch (err) {
      if (!(err instanceof LatchkeyError)) throw err;
      const reference = await logDiscoveryRefusal(db, deps.clock, email, err);
      const info = describeFailure(err.code);
      return reply
        .status(info.httpStatus)
        .send({ error: { code: err.code, message: info.userMessage, reference } });
    }
  });
}
