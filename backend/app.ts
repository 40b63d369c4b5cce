// Composition root of the account service's HTTP side.
import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyMiddie from '@fastify/middie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerAccessCheckRoutes } from './console/access-check-routes.ts';
import { consoleAcsPort } from './console/acs-port.ts';
import { registerConsoleBundleRoutes } from './console/bundle-routes.ts';
import { registerDashboardRoutes } from './console/dashboard-routes.ts';
import { registerConsoleDirectoryRoutes } from './console/directory-routes.ts';
import { registerTimelineRoutes } from './console/timeline-routes.ts';
import { registerUsageRoutes } from './console/usage-routes.ts';
import { registerConsoleExportRoutes } from './console/export/export-routes.ts';
import { registerDomainRoutes } from './console/domain-routes.ts';
import { registerConsoleLicenseRoutes } from './console/license-routes.ts';
import { registerOverageRoutes } from './console/overage-routes.ts';
import { registerConsoleReclamationRoutes } from './console/reclamation-routes.ts';
import { registerNotificationRoutes } from './console/notification-routes.ts';
import { registerUnsubscribeRoutes } from './notifications/unsubscribe-routes.ts';
import { registerProfileRoutes } from './console/profile-routes.ts';
import { registerConsoleRoutes } from './console/routes.ts';
import { registerInvitationRoutes } from './console/invitation-routes.ts';
import { installSessionGuard } from './http/session-guard.ts';
import { registerTestConnectionRoutes } from './console/test-connection-routes.ts';
import { installErrorMapper } from './http/error-mapper.ts';
import { LeanRequestLog } from './http/request-log.ts';
import { registerHealthRoutes } from './http/health-routes.ts';
import { registerIntegrationRoutes } from './console/integration-routes.ts';
import { registerLicensingApiRoutes } from './licensing/api-routes.ts';
import { registerLicenseRoutes } from './licensing/routes.ts';
import { registerDeviceApiRoutes } from './devices/device-api-routes.ts';
import { registerDeviceRoutes } from './console/device-routes.ts';
import { registerSsoDiscoveryRoutes } from './licensing/sso-discovery-routes.ts';
import { registerEventsRoutes } from './events-api/events-routes.ts';
import { registerApiKeyRoutes } from './console/api-key-routes.ts';
import { registerAppInvitationRoutes } from './console/app-invitation-routes.ts';
import { registerAppInvitationLandingRoutes } from './app-invitations/landing-routes.ts';
import { registerWebhookRoutes } from './console/webhook-routes.ts';
import { installMetrics } from './metrics/metrics-routes.ts';
import type { ServiceMetrics } from './metrics/service-metrics.ts';
import { registerDevIdpRoutes } from './devidp/routes.ts';
import { registerInteractionRoutes } from './oidc/interaction-routes.ts';
import { oidcProvider } from './oidc/provider.ts';
import { registerSamlRoutes } from './saml/routes.ts';
import { answerFrameworkError } from './scim/framework-errors.ts';
import { registerScimTokenEndpoint } from './scim/oauth-token-route.ts';
import { registerScimRoutes } from './scim/routes.ts';
import { registerScimTokenRoutes } from './console/scim-token-routes.ts';
import { limitSignInStarts } from './oidc/sign-in-start-limit.ts';
import { limitDeviceFlow } from './oidc/device-flow-limits.ts';
import type { ServiceDeps } from './service-deps.ts';
import type { TrustProxy } from './config.ts';

// A hop count as proxy-addr reads it (trust the nearest N addresses: the
// socket's peer is hop 0). Fastify itself refuses a bare number (fails closed).
const fastifyTrustProxy = (trust: TrustProxy) =>
  typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;

export async function buildApp(
  deps: ServiceDeps,
  logger: FastifyBaseLogger,
  metrics?: ServiceMetrics,
): Promise<FastifyInstance> {
  let closing = false;
  const app = createFastify(deps, logger);
  app.addHook('onClose', async () => {
    closing = true;
  });
  await installCrossCutting(app, deps, metrics);
  await registerRoutes(app, deps, () => closing);
  await mountAuthorizationServer(app, deps);
  return app;
}

function createFastify(deps: ServiceDeps, logger: FastifyBaseLogger): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    logController: new LeanRequestLog(),
    bodyLimit: deps.config.bodyLimitBytes,
    // The client IP the rate limits count: from X-Forwarded-For only as far as the configured proxies vouch.
    trustProxy: fastifyTrustProxy(deps.config.trustProxy),
    // Our own wire ids for the trace in logs.
    requestIdHeader: false,
    // IdPs call /Users/, /Users and /users alike. (Our ids are lowercase UUIDs.)
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
    frameworkErrors: answerFrameworkError,
  });
  // JSON only: a text/plain body to a JSON API is refused with 415, not guessed at.
  app.removeContentTypeParser('text/plain');
  return app;
}

/** What every route shares: the error mapping, metrics, cookies, CSRF and the console session. */
async function installCrossCutting(
  app: FastifyInstance,
  deps: ServiceDeps,
  metrics: ServiceMetrics | undefined,
): Promise<void> {
  installErrorMapper(app, deps.database.health);
  const { token, port } = deps.config.metrics;
  if (metrics && token) installMetrics(app, metrics, { token, serveHere: port === undefined });
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieOpts: {
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      secure: deps.config.publicUrl.startsWith('https://'),
    },
  });
  installSessionGuard(app, deps);
}

async function registerRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  closing: () => boolean,
): Promise<void> {
  registerHealthRoutes(app, deps, closing);
  registerConsoleRoutes(app, deps);
  registerConsoleDirectoryRoutes(app, deps);
  registerUsageRoutes(app, deps);
  registerConsoleExportRoutes(app, deps);
  registerInvitationRoutes(app, deps);
  registerAccessCheckRoutes(app, deps);
  registerTimelineRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  registerConsoleBundleRoutes(app);
  registerIntegrationRoutes(app, deps);
  registerTestConnectionRoutes(app, deps);
  registerDomainRoutes(app, deps);
  registerProfileRoutes(app, deps);
  registerScimTokenRoutes(app, deps);
  registerLicenseRoutes(app, deps);
  registerConsoleLicenseRoutes(app, deps);
  registerOverageRoutes(app, deps);
  registerConsoleReclamationRoutes(app, deps);
  registerLicensingApiRoutes(app, deps);
  registerSsoDiscoveryRoutes(app, deps);
  registerEventsRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  await registerUnsubscribeRoutes(app, deps);
  registerAppInvitationRoutes(app, deps);
  registerAppInvitationLandingRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerDeviceApiRoutes(app, deps);
  registerDeviceRoutes(app, deps);
  await registerScimRoutes(app, deps);
  await registerScimTokenEndpoint(app, deps);
  await registerSamlRoutes(app, deps, consoleAcsPort);
  await registerDevIdpRoutes(app, deps);
  registerInteractionRoutes(app, deps);
  limitSignInStarts(app, deps);
  limitDeviceFlow(app, deps);
}

/** oidc-provider is a Koa app; it handles everything under /oidc itself. */
async function mountAuthorizationServer(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  await app.register(fastifyMiddie);
  app.use('/oidc', (req: IncomingMessage, res: ServerResponse) => {
    // The Host the client sent names the service; a forwarded one is not taken from anyone.
    delete req.headers['x-forwarded-host'];
    oidcProvider(deps)
      .then((provider) => provider.callback()(req, res))
      .catch((err: unknown) => {
        app.log.error({ err }, 'authorization server failed');
        res.statusCode = 500;
        res.end();
      });
  });
}
