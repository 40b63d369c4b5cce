// Reads the console session cookie on every request and makes the session
// available to routes; `requireSession` refuses a route without one.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceDeps } from '../service-deps.ts';
import { ApiError } from './api-error.ts';
import { findSession, sessionCookieName, type ConsoleSession } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession: ConsoleSession | null;
  }
}

export function installSessionGuard(app: FastifyInstance, deps: ServiceDeps): void {
  app.decorateRequest('consoleSession', null);
  app.addHook('onRequest', async (request) => {
    const value = request.cookies[sessionCookieName];
    if (value) request.consoleSession = (await findSession(deps.database.db, deps.clock, value)) ?? null;
  });
}

export function requireSession(request: FastifyRequest): ConsoleSession {
  if (!request.consoleSession) throw new ApiError(401, 'not_signed_in', 'sign in to the console first');
  return request.consoleSession;
}

export const actorOf = (session: ConsoleSession): string => `user:${session.email}`;
