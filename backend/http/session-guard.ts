// Reads the console session cookie on every request and makes the chosen
// workspace's grant available to routes; `requireSession` refuses a route
// without one. The console sends the workspace it shows in a header
// (workspaceHeader); every console route reads `session.accountId`, so the
// header scopes them all: a workspace the session holds no live grant for is
// refused, never answered with another account's data.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServiceDeps } from '../service-deps.ts';
import { ApiError } from './api-error.ts';
import { findSessionGrants, sessionCookieName, type ConsoleSession } from './sessions.ts';

export const workspaceHeader = 'latchkey-workspace';

export interface ConsoleSessionState {
  /** The session's live grants, first signed-in first (empty: signed out). */
  grants: ConsoleSession[];
  /** The grant this request reads: the header's workspace, else the first grant. */
  current: ConsoleSession | null;
  /** Why the header's workspace was refused, when it was. */
  refusal: ApiError | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession: ConsoleSessionState | null;
  }
}

const workspaceId = z.uuid();

function chooseGrant(grants: ConsoleSession[], header: string | string[] | undefined): ConsoleSessionState {
  if (header === undefined) return { grants, current: grants[0] ?? null, refusal: null };
  const parsed = workspaceId.safeParse(header);
  if (!parsed.success) {
    const refusal = new ApiError(
      400,
      'invalid_workspace',
      'the Latchkey-Workspace header must be an account id',
      {
        field: workspaceHeader,
      },
    );
    return { grants, current: null, refusal };
  }
  const current = grants.find((g) => g.accountId === parsed.data) ?? null;
  const refusal = current
    ? null
    : new ApiError(
        403,
        'workspace_not_granted',
        'you are not signed in to this business account: add it with "Add a business account"',
        { field: workspaceHeader },
      );
  return { grants, current, refusal };
}

export function installSessionGuard(app: FastifyInstance, deps: ServiceDeps): void {
  app.decorateRequest('consoleSession', null);
  app.addHook('onRequest', async (request) => {
    const value = request.cookies[sessionCookieName];
    if (!value) return;
    const grants = await findSessionGrants(deps.database.db, deps.clock, value);
    if (grants.length > 0) request.consoleSession = chooseGrant(grants, request.headers[workspaceHeader]);
  });
}

/** The session's live grants (for /me and "leave this workspace"); 401 when there are none. */
export function requireSessionState(request: FastifyRequest): ConsoleSessionState {
  if (!request.consoleSession) throw new ApiError(401, 'not_signed_in', 'sign in to the console first');
  return request.consoleSession;
}

/** The grant of the workspace this request is for. */
export function requireSession(request: FastifyRequest): ConsoleSession {
  const state = requireSessionState(request);
  if (state.refusal) throw state.refusal;
  if (!state.current) throw new ApiError(401, 'not_signed_in', 'sign in to the console first');
  return state.current;
}

export const actorOf = (session: ConsoleSession): string => `user:${session.email}`;
