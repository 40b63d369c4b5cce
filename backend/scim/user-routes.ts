// /Users (RFC 7644 §3): list with filters and paging, create, read with
// attribute projection, replace, patch and delete — each a call into users-service.
import type { FastifyInstance } from 'fastify';
import { scimContentType as scimType } from './framework-errors.ts';
import { parseListQuery } from './list-query.ts';
import { readPatchOperations } from './patch.ts';
import { project } from './projection.ts';
import { ctxOf, idOf, ifMatchOf, listResponse, sendResource } from './route-helpers.ts';
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  patchUser,
  replaceUser,
  userExtensions,
} from './users-service.ts';

export function registerUserRoutes(scim: FastifyInstance): void {
  scim.get('/Users', async (request, reply) => {
    const query = parseListQuery(request.query);
    const { total, resources } = await listUsers(ctxOf(request), query);
    const shown = resources.map((r) =>
      project(r, query.attributes, query.excludedAttributes, userExtensions),
    );
    return reply.type(scimType).send(listResponse(total, query.startIndex, shown));
  });
  scim.post('/Users', async (request, reply) =>
    sendResource(reply, 201, await createUser(ctxOf(request), request.body)),
  );
  scim.get('/Users/:id', async (request, reply) => {
    const query = parseListQuery(request.query);
    const user = await getUser(ctxOf(request), idOf(request));
    return sendResource(
      reply,
      200,
      project(user, query.attributes, query.excludedAttributes, userExtensions) as typeof user,
    );
  });
  scim.put('/Users/:id', async (request, reply) =>
    sendResource(
      reply,
      200,
      await replaceUser(ctxOf(request), idOf(request), request.body, ifMatchOf(request)),
    ),
  );
  scim.patch('/Users/:id', async (request, reply) => {
    const user = await patchUser(
      ctxOf(request),
      idOf(request),
      readPatchOperations(request.body),
      ifMatchOf(request),
    );
    reply.header('etag', (user.meta as { version: string }).version);
    return reply.status(204).send();
  });
  scim.delete('/Users/:id', async (request, reply) => {
    await deleteUser(ctxOf(request), idOf(request), ifMatchOf(request));
    return reply.status(204).send();
  });
}
