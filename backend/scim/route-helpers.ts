// What every SCIM route shares: the request's context, its id and If-Match,
// and the answer's shapes (a resource with its ETag and Location, a ListResponse).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { scimContentType as scimType } from './framework-errors.ts';
import type { ScimContext } from './scim-context.ts';
import { ScimError } from './scim-error.ts';
import { urn } from './scim-urns.ts';

export const ctxOf = (request: FastifyRequest): ScimContext => {
  if (!request.scim) throw new ScimError(401, 'not authenticated');
  return request.scim;
};

export const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
export const ifMatchOf = (request: FastifyRequest) => request.headers['if-match'];

export function sendResource(reply: FastifyReply, status: number, resource: Record<string, unknown>) {
  const version = (resource.meta as { version?: string } | undefined)?.version;
  if (version) reply.header('etag', version);
  const location = (resource.meta as { location?: string } | undefined)?.location;
  if (status === 201 && location) reply.header('location', location);
  return reply.status(status).type(scimType).send(resource);
}

export function listResponse(total: number, startIndex: number, resources: unknown[]) {
  return {
    schemas: [urn.listResponse],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
