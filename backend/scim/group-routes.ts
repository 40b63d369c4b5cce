// /Groups (RFC 7644 §3): list, create, read (members only when asked for:
// Entra reads with excludedAttributes=members), replace, patch and delete.
import type { FastifyInstance } from 'fastify';
import { scimContentType as scimType } from './framework-errors.ts';
import {
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  patchGroup,
  replaceGroup,
  wantsMembers,
} from './groups-service.ts';
import { parseListQuery } from './list-query.ts';
import { readPatchOperations } from './patch.ts';
import { project } from './projection.ts';
import { ctxOf, idOf, ifMatchOf, listResponse, sendResource } from './route-helpers.ts';
import { urn } from './scim-urns.ts';

export function registerGroupRoutes(scim: FastifyInstance): void {
  scim.get('/Groups', async (request, reply) => {
    const query = parseListQuery(request.query);
    const { total, resources } = await listGroups(ctxOf(request), query);
    const shown = resources.map((r) => project(r, query.attributes, query.excludedAttributes, [urn.group]));
    return reply.type(scimType).send(listResponse(total, query.startIndex, shown));
  });
  scim.post('/Groups', async (request, reply) =>
    sendResource(reply, 201, await createGroup(ctxOf(request), request.body)),
  );
  scim.get('/Groups/:id', async (request, reply) => {
    const query = parseListQuery(request.query);
    const group = await getGroup(ctxOf(request), idOf(request), wantsMembers(query));
    return sendResource(
      reply,
      200,
      project(group, query.attributes, query.excludedAttributes, [urn.group]) as typeof group,
    );
  });
  scim.put('/Groups/:id', async (request, reply) =>
    sendResource(
      reply,
      200,
      await replaceGroup(ctxOf(request), idOf(request), request.body, ifMatchOf(request)),
    ),
  );
  scim.patch('/Groups/:id', async (request, reply) => {
    await patchGroup(ctxOf(request), idOf(request), readPatchOperations(request.body), ifMatchOf(request));
    return reply.status(204).send();
  });
  scim.delete('/Groups/:id', async (request, reply) => {
    await deleteGroup(ctxOf(request), idOf(request), ifMatchOf(request));
    return reply.status(204).send();
  });
}
