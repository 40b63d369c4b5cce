// /scim/v2: an encapsulated Fastify plugin with SCIM's own content type and
// its one error mapper (RFC 7644 §3.12, plugin-setup.ts). Routes are thin:
// handlers get plain inputs and call the services.
import type { FastifyInstance } from 'fastify';
import type { ServiceDeps } from '../service-deps.ts';
import { registerDiscoveryRoutes } from './discovery-routes.ts';
import { registerGroupRoutes } from './group-routes.ts';
import { configureScimPlugin } from './plugin-setup.ts';
import { registerUserRoutes } from './user-routes.ts';

export async function registerScimRoutes(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  await app.register(
    async (scim) => {
      configureScimPlugin(scim, deps);
      registerDiscoveryRoutes(scim);
      registerUserRoutes(scim);
      registerGroupRoutes(scim);
    },
    { prefix: '/scim/v2' },
  );
}
