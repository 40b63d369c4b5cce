// Starts the service: open and migrate the database, listen, re-check domains
// periodically, and shut down gracefully on SIGINT/SIGTERM.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { systemClock, type Clock } from './clock.ts';
import { productionWarnings, type ServiceConfig } from './config.ts';
import { DatabaseOpenError, openDatabase } from './db/connect.ts';
import { pgPoolSizeFor, workerCountOf } from './db/pool-size.ts';
import { classifyDatabaseFault } from './db/faults.ts';
import {
  checkDatabaseFilePresent,
  checkDatabaseNotEmpty,
  recordSealedKeys,
  StartRefusedError,
} from './db/data-folder-check.ts';
import { migrateToLatest } from './db/migrate.ts';
import { recheckAllDomains } from './domains/domain-service.ts';
import { refreshAllMetadata } from './integration/metadata-url.ts';
import { snapshotAllSeats } from './console/seat-history.ts';
import { rollupAllAttemptDays } from './console/attempt-days.ts';
import { createTxtLookup } from './domains/txt-verifier.ts';
import { ensureMasterKey } from './crypto/master-key.ts';
import { limitPasswordHashing } from './accounts/password.ts';
import { sweepExpiredSessions } from './http/sessions.ts';
import { closeVerifyPool, verifyQueueLength } from './saml/verify-pool.ts';
import { observeAttempts } from './access/activation-log.ts';
import { startMetricsServer } from './metrics/metrics-routes.ts';
import type { ServiceMetrics } from './metrics/service-metrics.ts';
import { sweepRateLimits } from './http/rate-limit-store.ts';
import { sweepCheckinDays } from './console/checkin-days-retention.ts';
import { sweepOldEvents } from './events/read-events.ts';
import { sweepSamlState } from './saml/sweep.ts';
import { sweepOidcModels } from './oidc/kysely-adapter.ts';
import { currentSigningKey } from './licensing/signing-keys.ts';
import { activeRoots, ensureDevelopmentRoot } from './licensing/trust-roots.ts';
import { writeDevelopmentAnchor } from './licensing/development-anchor.ts';
import { integrationContext } from './integration/integration-context.ts';
import { thisNode, tickReclamation } from './licensing/reclamation-job.ts';
import { tickDetectors } from './integration/detectors-job.ts';
import { appInvitationSender } from './app-invitations/sender.ts';
import type { ServiceDeps } from './service-deps.ts';
import { startNotifierTimer } from './notifications/notifier-job.ts';
import { startDeliveryLoop } from './webhooks/delivery-loop.ts';
import { deliverySettings } from './webhooks/from-config.ts';

export interface RunningService {
  app: FastifyInstance;
  deps: ServiceDeps;
  url: string;
  /** Set when metrics listen on a port of their own (LATCHKEY_METRICS_PORT). */
  metricsUrl: string | undefined;
  /** Development: the anchor file a development app build is pointed at (LATCHKEY_TRUST_ANCHOR). */
  trustAnchorFile: string | undefined;
  stop(): Promise<void>;
}

/**
 * `worker`: one of several processes on one database (`serve --workers N`, see serve-workers.ts).
 * The primary has checked, migrated and set up the keys, and runs the background jobs; a worker
 * only serves HTTP.
 */
export type ServiceRole = 'single' | 'worker';

export async function startService(
  config: ServiceConfig,
  logger: Logger,
  options: { clock?: Clock; init?: boolean; role?: ServiceRole } = {},
): Promise<RunningService> {
  const role = options.role ?? 'single';
  const init = options.init ?? false;
  const deps = await openService(config, logger, { clock: options.clock ?? systemClock, init, role });
  const { database } = deps;
  // prom-client loads only when metrics are on (every CLI command imports this file).
  const metrics = config.metrics.enabled
    ? (await import('./metrics/service-metrics.ts')).createServiceMetrics(database, verifyQueueLength)
    : undefined;
  if (metrics) observeAttempts(database.db, metrics.attempt);
  const { app, metricsServer, url } = await listen(deps, logger, metrics, { init, role });
  // With port 0 (tests, side-by-side nodes) only the listener knows the port.
  if (!config.publicUrlConfigured) deps.config = { ...config, publicUrl: url };
  const trustAnchorFile =
    config.mode === 'development'
      ? await writeDevelopmentAnchor(database.db, deps.config.publicUrl, config.dataDir)
      : undefined;

  const timers = role === 'single' ? startBackgroundJobs(deps, logger) : [];

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      timers.forEach(clearInterval);
      await app.close();
      await metricsServer?.close();
      await closeVerifyPool();
      await database.close();
    })());
  return { app, deps, url, metricsUrl: metricsServer?.url, trustAnchorFile, stop };
}

/** The master key and the database opened (a single process also checks its data folder first). */
async function openService(
  config: ServiceConfig,
  logger: Logger,
  { clock, init, role }: { clock: Clock; init: boolean; role: ServiceRole },
): Promise<ServiceDeps> {
  if (role === 'single') for (const warning of productionWarnings(config)) logger.warn(warning);
  limitPasswordHashing(config.passwordHashing);
  const masterKey = await ensureMasterKey(config.masterKeyFile, logger);
  if (role === 'single') checkDatabaseFilePresent(config, init);
  const poolSize = pgPoolSizeFor(
    config.pgPoolSize,
    role === 'worker' ? 'worker' : 'single',
    workerCountOf(process.env),
  );
  const database = openDatabase(config.databaseUrl, { logger, poolSize });
  return {
    config,
    database,
    clock,
    txtLookup: createTxtLookup({ servers: config.dnsServers, timeoutMs: config.dnsTimeoutMs }),
    masterKey,
  };
}

/** The database prepared (single), the signing key ready, the app and the metrics port listening. */
async function listen(
  deps: ServiceDeps,
  logger: Logger,
  metrics: ServiceMetrics | undefined,
  { init, role }: { init: boolean; role: ServiceRole },
) {
  const { config, database, masterKey } = deps;
  let app: FastifyInstance | undefined;
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  try {
    if (role === 'single') await prepareDatabase(deps, logger, init);
    // The license signing key exists from the first start (and its JWKS is served at once).
    await currentSigningKey(database.db, deps.clock, masterKey);
    app = await buildApp(deps, logger, metrics);
    const url = await app.listen({ host: config.host, port: config.port });
    if (metrics && config.metrics.token && config.metrics.port !== undefined) {
      metricsServer = await startMetricsServer(
        metrics,
        config.host,
        config.metrics.port,
        config.metrics.token,
      );
    }
    return { app, metricsServer, url };
  } catch (err) {
    // Whatever opened is closed again: a failed start leaves no connections behind.
    await metricsServer?.close();
    await app?.close();
    await database.close();
    throw asStartError(err);
  }
}

/**
 * What runs once before any process serves: the data folder checks, migrations, the development
 * root, the first signing key. Several workers starting at once would race to do it.
 */
export async function prepareDatabase(deps: ServiceDeps, logger: Logger, init: boolean): Promise<void> {
  const { config, database, masterKey } = deps;
  await checkDatabaseNotEmpty(config, database, init, logger);
  const applied = await migrateToLatest(database.db, database.dialect);
  if (applied.length) logger.info({ applied }, 'database migrated');
  // Development (demo, tests) gets a root of its own; production's is made with `create-root`.
  if (config.mode === 'development') await ensureDevelopmentRoot(database.db, deps.clock, masterKey);
  if (!(await activeRoots(database.db)).length)
    logger.warn(
      'no root of trust: apps refuse every license until `latchkey-server create-root` runs (see README, Root of trust)',
    );
  await currentSigningKey(database.db, deps.clock, masterKey);
  await recordSealedKeys(config, database.db).catch((err: unknown) =>
    logger.warn({ err }, 'could not record the sealed signing keys in the data folder'),
  );
}

/** A database fault during start said as one, so the operator reads the cause, not a stack. */
export function asStartError(err: unknown): unknown {
  const fault = classifyDatabaseFault(err);
  if (fault && !(err instanceof StartRefusedError)) {
    return new DatabaseOpenError(
      `cannot start: the database is ${fault.kind === 'full' ? 'on a full disk' : fault.kind} (${fault.code}: ${fault.message})`,
      { cause: err },
    );
  }
  return err;
}

/** Domain re-checks and sweeps. A failure that is a database fault joins its episode (said once). */
export function startBackgroundJobs(deps: ServiceDeps, logger: Logger): NodeJS.Timeout[] {
  const { config, database } = deps;
  const failed = (what: string) => (err: unknown) => {
    if (!database.health.report(err)) logger.error({ err }, what);
  };
  const timers: NodeJS.Timeout[] = [];
  if (config.domainRecheckHours > 0) {
    const recheck = setInterval(() => {
      recheckAllDomains(database.db, deps.clock, deps.txtLookup)
        .then((r) => logger.info(r, 'domains re-checked'))
        .catch(failed('domain re-check failed'));
    }, config.domainRecheckHours * 3600_000);
    timers.push(recheck.unref());
  }

  if (config.metadataRefreshHours > 0) {
    const refresh = setInterval(() => {
      refreshAllMetadata(integrationContext(deps), logger)
        .then((r) => logger.info(r, 'IdP metadata URLs re-fetched'))
        .catch(failed('IdP metadata refresh failed'));
    }, config.metadataRefreshHours * 3600_000);
    timers.push(refresh.unref());
  }

  // Webhooks (docs/webhooks.md): every node sends; the claim in the database decides which rows each takes.
  if (config.webhooks.pollMs > 0) {
    const webhooks = startDeliveryLoop(
      {
        db: database.db,
        clock: deps.clock,
        masterKey: deps.masterKey,
        logger,
        onError: failed('webhook delivery failed'),
      },
      deliverySettings(config),
    );
    if (webhooks.timer) timers.push(webhooks.timer);
  }

  // Reclamation (issue 23 item 2): every node asks; the database's lease decides which one runs it.
  if (config.reclaim.checkSeconds > 0) {
    const reclaim = setInterval(() => {
      tickReclamation(database.db, deps.clock, logger, config.reclaim).catch(failed('reclamation failed'));
    }, config.reclaim.checkSeconds * 1000);
    timers.push(reclaim.unref());
  }
  // The event detectors (docs/events.md): every node asks each minute; the lease runs them once per period.
  if (config.detectEveryMinutes > 0) {
    const detect = setInterval(
      () => {
        tickDetectors(database.db, deps.clock, logger, {
          everyMinutes: config.detectEveryMinutes,
          node: thisNode,
        }).catch(failed('event detectors failed'));
      },
      Math.min(60_000, config.detectEveryMinutes * 60_000),
    );
    timers.push(detect.unref());
  }
  // App invitations (issue 25 item 3): every node sends what is queued; a claim per row decides who sends it.
  const invitations = appInvitationSender(deps, logger);
  if (invitations && config.appInvitations.sendSeconds > 0) {
    const send = setInterval(() => void invitations.kick(), config.appInvitations.sendSeconds * 1000);
    timers.push(send.unref());
  }
  // The Dashboard's seat history (each day's first snapshot stays) and finished days' activations and
  // refusals rolled up: once per day across nodes, their keys decide. Hourly, and a minute after start.
  const snapshot = () =>
    snapshotAllSeats(database.db, deps.clock)
      .then(async (seats) => ({ seats, days: await rollupAllAttemptDays(database.db, deps.clock) }))
      .then((r) => logger.debug(r, 'seat snapshots taken, finished days rolled up'))
      .catch(failed('seat snapshot or day roll-up failed'));
  timers.push(setTimeout(snapshot, 60_000).unref(), setInterval(snapshot, 3600_000).unref());

  // Expired sessions, SAML request IDs, replay entries, OAuth artefacts, rate-limit windows, check-in
  // days past their 180 and events older than 90 days (docs/events.md): every ten minutes.
  const sweep = setInterval(() => {
    Promise.all([
      sweepExpiredSessions(database.db, deps.clock),
      sweepSamlState(database.db, deps.clock),
      sweepOidcModels(database.db, deps.clock),
      sweepRateLimits(database.db, deps.clock),
      sweepCheckinDays(database.db, deps.clock),
      sweepOldEvents(database.db, deps.clock),
    ])
      .then(([sessions, saml, oidc, rateLimits, checkinDays, events]) =>
        logger.debug({ sessions, ...saml, oidc, rateLimits, checkinDays, events }, 'expired state swept'),
      )
      .catch(failed('sweep failed'));
  }, 10 * 60_000);
  timers.push(sweep.unref());
  // Email notifications (docs/notifications.md): every node asks; the job's lease decides which one runs.
  const notify = startNotifierTimer(deps, logger, failed('notifications failed'));
  if (notify) timers.push(notify);
  return timers;
}

/**
 * Stops on SIGINT/SIGTERM: in-flight requests finish, then the database closes. Given the start
 * itself (a promise), the signal is heard from the start on: one that comes while the service
 * still starts (Fastify says "listening" before the start is done) stops it once it has started,
 * instead of the default action killing the process half-way.
 */
export function stopOnSignals(
  service: Pick<RunningService, 'stop'> | Promise<Pick<RunningService, 'stop'>>,
  logger: Logger,
  extra?: () => Promise<void>,
): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    Promise.resolve(service)
      .then((started) => Promise.all([started.stop(), extra?.()]))
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
