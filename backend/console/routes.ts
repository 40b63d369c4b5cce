// Console API: CSRF token, sign-up, sign-in and out (and leaving one workspace), who am I
// (the current workspace and the session's others), users, audit.
import type { FastifyInstance } from 'fastify';
import type { Me } from '../../common/console-api.ts';
import {
  createAccount,
  createAccountInput,
  getAccount,
  accountUserView,
} from '../accounts/account-service.ts';
import { ApiError } from '../http/api-error.ts';
import { enforceRateLimits, signupLimits } from '../http/rate-limits.ts';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import {
  deviceCookieDays,
  deviceCookieName,
  deviceCookiePath,
  issueDeviceCookie,
  trustedDeviceFor,
} from './device-cookie.ts';
import { clearDeviceFailures, holdLoginAttempt } from './login-limits.ts';
import { passwordLogin, passwordLoginInput } from './password-login.ts';
import { actorOf, requireSession, requireSessionState } from '../http/session-guard.ts';
import { addGrants, createSession, deleteGrant, deleteSession, sessionCookieName } from '../http/sessions.ts';
import { registerSessionJoin } from '../http/session-join.ts';
import { workspacesOf } from './workspaces.ts';
import { auditListQuery, auditPage } from './lists/audit-list.ts';
import { userListQuery, userRowsPage } from './lists/user-list.ts';
import { setSessionCookie } from '../http/session-cookie.ts';

export function registerConsoleRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get('/api/console/csrf', async (_request, reply) => {
    return { csrfToken: reply.generateCsrf() };
  });
  registerSignUp(app, deps);
  registerSignInAndOut(app, deps);
  registerSessionJoin(app, deps);
  registerAccountReads(app, deps);
}

function registerSignUp(app: FastifyInstance, deps: ServiceDeps): void {
  app.post('/api/console/signup', { onRequest: app.csrfProtection }, async (request, reply) => {
    // Closed by default in production: the operator creates accounts (`latchkey-server create-account`).
    if (deps.config.signup === 'closed')
      throw new ApiError(
        403,
        'signup_closed',
        'sign-up is closed on this service: ask its operator for an account',
      );
    await enforceRateLimits(deps, reply, signupLimits(deps.config.signupsPerHour, request.ip));
    const input = parseInput(createAccountInput, request.body);
    const account = await createAccount(deps.database.db, deps.clock, input, `user:${input.ownerEmail}`);
    return reply
      .status(201)
      .send({ accountId: account.id, name: account.name, ownerEmail: account.ownerEmail });
  });
}

function registerSignInAndOut(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const secure = deps.config.publicUrl.startsWith('https://');
  const protect = { onRequest: app.csrfProtection };

  app.post('/api/console/login', protect, async (request, reply) => {
    const input = parseInput(passwordLoginInput, request.body);
    // Counted before any hash, known email or not (also the backup login, which signs in here):
    // on the device cookie's own counter from a browser this user signed in from before.
    const attempt = {
      ip: request.ip,
      email: input.email,
      device: await trustedDeviceFor(db, deps.masterKey, request.cookies[deviceCookieName], input.email),
    };
    await holdLoginAttempt(deps, reply, attempt);
    const grants = await passwordLogin(db, deps.clock, input, { trustedDevice: Boolean(attempt.device) });
    await clearDeviceFailures(deps, attempt);
    const [first] = grants;
    if (!first) throw new Error('a password sign-in granted no workspace');
    reply.setCookie(deviceCookieName, issueDeviceCookie(deps.masterKey, first.userId), {
      path: deviceCookiePath,
      httpOnly: true,
      sameSite: 'strict',
      secure,
      maxAge: deviceCookieDays * 86400,
    });
    const params = { grants, ttlHours: deps.config.sessionHours };
    // "Add a business account": the new workspaces join this browser's session.
    const session = input.addWorkspace
      ? await addGrants(db, deps.clock, request.cookies[sessionCookieName], params)
      : await createSession(db, deps.clock, params);
    setSessionCookie(reply, session, secure);
    return {
      accountId: first.accountId,
      accountIds: grants.map((g) => g.accountId),
      via: first.via,
      expiresAt: session.expiresAt,
    };
  });

  app.post('/api/console/logout', protect, async (request, reply) => {
    const value = request.cookies[sessionCookieName];
    if (value) await deleteSession(db, value);
    reply.clearCookie(sessionCookieName, { path: '/' });
    return reply.status(204).send();
  });

  // "Leave this workspace": the header's workspace ends; the session's others stay.
  app.post('/api/console/workspace/leave', protect, async (request, reply) => {
    const session = requireSession(request);
    const value = request.cookies[sessionCookieName];
    if (value) await deleteGrant(db, value, session.accountId);
    return reply.status(204).send();
  });
}

function registerAccountReads(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  app.get('/api/console/me', async (request): Promise<Me> => {
    const session = requireSession(request);
    const { grants } = requireSessionState(request);
    const account = await getAccount(db, session.accountId);
    return {
      email: session.email,
      via: session.via,
      expiresAt: session.expiresAt,
      account,
      workspaces: workspacesOf(grants),
    };
  });

  app.get('/api/console/users', async (request) => {
    const session = requireSession(request);
    const page = await userRowsPage(
      deps.database,
      session.accountId,
      parseInput(userListQuery, request.query, 'query'),
    );
    return { users: page.items.map(accountUserView), nextCursor: page.nextCursor };
  });

  app.get('/api/console/audit', async (request) => {
    const session = requireSession(request);
    const page = await auditPage(
      deps.database,
      session.accountId,
      parseInput(auditListQuery, request.query, 'query'),
    );
    return { entries: page.items, nextCursor: page.nextCursor, viewer: actorOf(session) };
  });
}
