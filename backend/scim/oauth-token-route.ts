// POST /scim/oauth/token: the OAuth 2.0 client credentials grant (RFC 6749
// §4.4) for SCIM clients such as Entra's gallery apps. Client authentication
// by HTTP Basic (§2.3.1) or in the form body; errors as in §5.2. oidc-provider
// cannot serve this: it compares client secrets in clear and holds one secret
// per client, and we store only hashes and keep several live for rotation.
import fastifyFormbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { findNul } from '../http/nul-bytes.ts';
import { exceededRateLimit, scimTokenLimits } from '../http/rate-limits.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { issueScimAccessToken } from './scim-clients.ts';

export const scimTokenPath = '/scim/oauth/token';

type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

function oauthError(reply: FastifyReply, status: number, error: OAuthErrorCode, description: string) {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send({ error, error_description: description });
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded, then joined by ":" and base64-encoded. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null | 'malformed' {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return header && /^Basic\s/i.test(header) ? 'malformed' : null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    const plus = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: plus(decoded.slice(0, colon)), secret: plus(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

const field = (body: unknown, name: string): string | undefined => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
};

export async function registerScimTokenEndpoint(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  await app.register(async (oauth) => {
    await oauth.register(fastifyFormbody, { bodyLimit: 8 * 1024 });
    oauth.setErrorHandler((err: FastifyError, request, reply) => {
      if (typeof err.statusCode === 'number' && err.statusCode < 500)
        return oauthError(reply, err.statusCode === 429 ? 429 : 400, 'invalid_request', err.message);
      request.log.error({ err }, 'SCIM token endpoint failed');
      return reply.status(500).header('cache-control', 'no-store').send({ error: 'server_error' });
    });
    oauth.post(scimTokenPath, async (request, reply) => {
      // Unauthenticated: bounded per client address (counted in the database) before any lookup.
      const wait = await exceededRateLimit(deps, scimTokenLimits(request.ip));
      if (wait !== undefined) {
        reply.header('retry-after', String(wait));
        return oauthError(reply, 429, 'invalid_request', 'too many token requests from this address');
      }
      const body = request.body;
      if (findNul(body) !== null) return oauthError(reply, 400, 'invalid_request', 'NUL in a parameter');
      const grant = field(body, 'grant_type');
      if (!grant) return oauthError(reply, 400, 'invalid_request', 'grant_type is required');
      if (grant !== 'client_credentials')
        return oauthError(reply, 400, 'unsupported_grant_type', 'only client_credentials is supported');
      const basic = basicCredentials(request.headers.authorization);
      const posted = { id: field(body, 'client_id'), secret: field(body, 'client_secret') };
      if (basic === 'malformed')
        return oauthError(reply, 400, 'invalid_request', 'malformed Basic credentials');
      // §2.3: a client uses one authentication method per request.
      if (basic && posted.secret !== undefined)
        return oauthError(reply, 400, 'invalid_request', 'send the client secret once: Basic or the body');
      const id = basic?.id ?? posted.id;
      const secret = basic?.secret ?? posted.secret;
      const refuseClient = () => {
        // §5.2: a client that tried Basic gets 401 and the scheme to use.
        if (basic) reply.header('www-authenticate', 'Basic realm="scim"');
        return oauthError(reply, basic ? 401 : 400, 'invalid_client', 'unknown client or wrong secret');
      };
      if (!id || !secret || id.length > 200 || secret.length > 200) return refuseClient();
      const issued = await issueScimAccessToken(deps.database.db, deps.clock, id, secret);
      if (!issued) return refuseClient();
      return reply
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache')
        .send({ access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn });
    });
  });
}
