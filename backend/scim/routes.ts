// /scim/v2: an encapsulated Fastify plugin with SCIM's own content type and
// its one error mapper (RFC 7644 §3.12). Handlers get plain inputs.
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { retryAfterSeconds } from '../db/faults.ts';
import type { DatabaseHealth } from '../db/health.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { resourceTypes, schemas, serviceProviderConfig } from './discovery.ts';
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
import { patchRequestSchema } from './patch.ts';
import { project } from './projection.ts';
import { authenticateScim } from './scim-auth.ts';
import type { ScimContext } from './scim-context.ts';
import { badRequest, ScimError } from './scim-error.ts';
import { urn } from './scim-urns.ts';
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  patchUser,
  replaceUser,
  userExtensions,
} from './users-service.ts';

const scimType = 'application/scim+json; charset=utf-8';

declare module 'fastify' {
  interface FastifyRequest {
    scim: ScimContext | null;
  }
}

function mapError(err: FastifyError, request: FastifyRequest, reply: FastifyReply, health: DatabaseHealth) {
  let error: ScimError;
  // A database fault (said once per episode by DatabaseHealth): 503 + Retry-After, which IdPs retry.
  const fault = err instanceof ScimError ? undefined : health.report(err);
  if (err instanceof ScimError) error = err;
  else if (fault) {
    reply.header('retry-after', String(retryAfterSeconds(fault.kind)));
    error = new ScimError(
      503,
      `the service cannot reach its database right now (${fault.kind}); retry later`,
    );
  } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    error = new ScimError(413, 'the request body is too large');
  else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    error = new ScimError(415, 'send application/scim+json');
  else if (
    err instanceof SyntaxError ||
    err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  ) {
    error = badRequest(`the body is not valid JSON: ${err.message}`, 'invalidSyntax');
  } else if (typeof err.statusCode === 'number' && err.statusCode < 500)
    error = new ScimError(err.statusCode, err.message);
  else {
    const traceId = randomUUID();
    request.log.error({ err, traceId }, 'SCIM request failed');
    error = new ScimError(500, `internal error (trace id ${traceId})`);
  }
  return reply.status(error.status).type(scimType).send(error.toBody());
}

const ctxOf = (request: FastifyRequest): ScimContext => {
  if (!request.scim) throw new ScimError(401, 'not authenticated');
  return request.scim;
};

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const ifMatchOf = (request: FastifyRequest) => request.headers['if-match'];

function patchOps(body: unknown) {
  const parsed = patchRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(
      `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid PatchOp'}`,
      'invalidSyntax',
    );
  }
  return parsed.data.Operations;
}

function sendResource(reply: FastifyReply, status: number, resource: Record<string, unknown>) {
  const version = (resource.meta as { version?: string } | undefined)?.version;
  if (version) reply.header('etag', version);
  const location = (resource.meta as { location?: string } | undefined)?.location;
  if (status === 201 && location) reply.header('location', location);
  return reply.status(status).type(scimType).send(resource);
}

function listResponse(total: number, startIndex: number, resources: unknown[]) {
  return {
    schemas: [urn.listResponse],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

export async function registerScimRoutes(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  await app.register(
    async (scim) => {
      scim.addContentTypeParser(
        'application/scim+json',
        { parseAs: 'string' },
        scim.getDefaultJsonParser('error', 'error'),
      );
      scim.setErrorHandler((err: FastifyError, request, reply) =>
        mapError(err, request, reply, deps.database.health),
      );
      scim.setNotFoundHandler((request, reply) =>
        reply
          .status(404)
          .type(scimType)
          .send(
            new ScimError(404, `no SCIM endpoint ${request.method} ${request.url.split('?')[0]}`).toBody(),
          ),
      );
      scim.decorateRequest('scim', null);
      scim.addHook('onRequest', async (request) => {
        const principal = await authenticateScim(deps.database.db, deps.clock, request.headers.authorization);
        request.scim = {
          db: deps.database.db,
          clock: deps.clock,
          accountId: principal.accountId,
          tokenId: principal.tokenId,
          baseUrl: `${deps.config.publicUrl}/scim/v2`,
        };
      });

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
          patchOps(request.body),
          ifMatchOf(request),
        );
        reply.header('etag', (user.meta as { version: string }).version);
        return reply.status(204).send();
      });
      scim.delete('/Users/:id', async (request, reply) => {
        await deleteUser(ctxOf(request), idOf(request), ifMatchOf(request));
        return reply.status(204).send();
      });

      scim.get('/Groups', async (request, reply) => {
        const query = parseListQuery(request.query);
        const { total, resources } = await listGroups(ctxOf(request), query);
        const shown = resources.map((r) =>
          project(r, query.attributes, query.excludedAttributes, [urn.group]),
        );
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
        await patchGroup(ctxOf(request), idOf(request), patchOps(request.body), ifMatchOf(request));
        return reply.status(204).send();
      });
      scim.delete('/Groups/:id', async (request, reply) => {
        await deleteGroup(ctxOf(request), idOf(request), ifMatchOf(request));
        return reply.status(204).send();
      });
    },
    { prefix: '/scim/v2' },
  );
}
