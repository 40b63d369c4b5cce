// The public JWKS, and beside it the root's certificates of those keys (the app
// trusts a key only with one). The console's licensing API is console/license-routes.ts.
import type { FastifyInstance } from 'fastify';
import type { ServiceDeps } from '../service-deps.ts';
import { keyCertificatesPath } from '../../common/trust-anchor.ts';
import { publishedKeyCertificates } from './key-certificates.ts';
import { licenseJwks } from './signing-keys.ts';

export function registerLicenseRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  app.get('/api/v1/jwks', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return licenseJwks(db, deps.clock);
  });

  app.get(keyCertificatesPath, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return publishedKeyCertificates(db, deps.clock);
  });
}
