// Starts the service: open and migrate the database, listen, re-check domains
// periodically, and shut down gracefully on SIGINT/SIGTERM.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { systemClock, type Clock } from './clock.ts';
import { productionWarnings, type ServiceConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { recheckAllDomains } from './domains/domain-service.ts';
import { createTxtLookup } from './domains/txt-verifier.ts';
import { ensureMasterKey } from './crypto/master-key.ts';
import { limitPasswordHashing } from './accounts/password.ts';
import { sweepExpiredSessions } from './console/sessions.ts';
import { sweepRateLimits } from './http/rate-limit-store.ts';
import { closeVerifyPool } from './saml/verify-pool.ts';
import { sweepSamlState } from './saml/sweep.ts';
import { sweepOidcModels } from './oidc/kysely-adapter.ts';
import { currentSigningKey } from './licensing/signing-keys.ts';
import type { ServiceDeps } from './service-deps.ts';

export interface RunningService {
  app: FastifyInstance;
  deps: ServiceDeps;
  url: string;
  stop(): Promise<void>;
}

export async function startService(
  config: ServiceConfig,
  logger: Logger,
  options: { clock?: Clock } = {},
): Promise<RunningService> {
  for (const warning of productionWarnings(config)) logger.warn(warning);
  limitPasswordHashing(config.passwordHashing);
  const masterKey = await ensureMasterKey(config.masterKeyFile, logger);
  const database = openDatabase(config.databaseUrl);
  const applied = await migrateToLatest(database.db, database.dialect);
  if (applied.length) logger.info({ applied }, 'database migrated');
  const deps: ServiceDeps = {
    config,
    database,
    clock: options.clock ?? systemClock,
    txtLookup: createTxtLookup({ servers: config.dnsServers, timeoutMs: config.dnsTimeoutMs }),
    masterKey,
  };
  // The license signing key exists from the first start (and its JWKS is served at once).
  await currentSigningKey(database.db, deps.clock, masterKey);
  const app = await buildApp(deps, logger);
  const url = await app.listen({ host: config.host, port: config.port });
  // With port 0 (tests, side-by-side nodes) only the listener knows the port.
  if (!config.publicUrlConfigured) deps.config = { ...config, publicUrl: url };

  const timers: NodeJS.Timeout[] = [];
  if (config.domainRecheckHours > 0) {
    const recheck = setInterval(() => {
      recheckAllDomains(database.db, deps.clock, deps.txtLookup)
        .then((r) => logger.info(r, 'domains re-checked'))
        .catch((err: unknown) => logger.error({ err }, 'domain re-check failed'));
    }, config.domainRecheckHours * 3600_000);
    timers.push(recheck.unref());
  }

  // Expired sessions, SAML request IDs, replay entries, OAuth artefacts and rate-limit windows: every ten minutes.
  const sweep = setInterval(() => {
    Promise.all([
      sweepExpiredSessions(database.db, deps.clock),
      sweepSamlState(database.db, deps.clock),
      sweepOidcModels(database.db, deps.clock),
      sweepRateLimits(database.db, deps.clock),
    ])
      .then(([sessions, saml, oidc, rateLimits]) =>
        logger.debug({ sessions, ...saml, oidc, rateLimits }, 'expired state swept'),
      )
      .catch((err: unknown) => logger.error({ err }, 'sweep failed'));
  }, 10 * 60_000);
  timers.push(sweep.unref());

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      timers.forEach(clearInterval);
      await app.close();
      await closeVerifyPool();
      await database.close();
    })());
  return { app, deps, url, stop };
}

/** Stops on SIGINT/SIGTERM: in-flight requests finish, then the database closes. */
export function stopOnSignals(service: RunningService, logger: Logger, extra?: () => Promise<void>): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    Promise.all([service.stop(), extra?.()])
      .then(() => {
        clearTimeout(force);
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
