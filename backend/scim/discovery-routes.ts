// SCIM's discovery endpoints (RFC 7644 §4): ServiceProviderConfig, the
// resource types and the schemas, each listed or found by its id.
import type { FastifyInstance } from 'fastify';
import { resourceTypes, schemas, serviceProviderConfig } from './discovery.ts';
import { scimContentType as scimType } from './framework-errors.ts';
import { ctxOf, idOf, listResponse } from './route-helpers.ts';
import { notFound } from './scim-error.ts';

export function registerDiscoveryRoutes(scim: FastifyInstance): void {
  scim.get('/ServiceProviderConfig', async (request, reply) =>
    reply.type(scimType).send(serviceProviderConfig(ctxOf(request).baseUrl)),
  );
  scim.get('/ResourceTypes', async (request, reply) => {
    const all = resourceTypes(ctxOf(request).baseUrl);
    return reply.type(scimType).send(listResponse(all.length, 1, all));
  });
  scim.get('/Schemas', async (request, reply) => {
    const all = schemas(ctxOf(request).baseUrl);
    return reply.type(scimType).send(listResponse(all.length, 1, all));
  });

  // RFC 7644 §4: one schema by its URN, one resource type by its name.
  scim.get('/Schemas/:id', async (request, reply) => {
    const wanted = idOf(request);
    const found = schemas(ctxOf(request).baseUrl).find((s) => s.id.toLowerCase() === wanted.toLowerCase());
    if (!found) throw notFound(`Schema ${wanted}`);
    return reply.type(scimType).send(found);
  });
  scim.get('/ResourceTypes/:id', async (request, reply) => {
    const wanted = idOf(request);
    const found = resourceTypes(ctxOf(request).baseUrl).find(
      (r) => r.id.toLowerCase() === wanted.toLowerCase(),
    );
    if (!found) throw notFound(`ResourceType ${wanted}`);
    return reply.type(scimType).send(found);
  });
}
