// `latchkey-server serve --workers N`: N service processes (node:cluster) on
// one port and one database, so one machine's cores all serve. Several
// processes on one database is what several nodes already are: rate limits,
// sessions, one-time tokens, seats and signing keys live in the database, and
// each worker re-reads the signing key often (signing-keys.ts). The primary
// checks and migrates the database and sets up the keys once, before any
// worker starts, runs the background jobs, restarts a worker that dies, and
// stops them all on SIGINT/SIGTERM.
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import { systemClock } from './clock.ts';
import { productionWarnings, type ServiceConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { pgPoolSizeFor, workerCountVariable } from './db/pool-size.ts';
import { checkDatabaseFilePresent } from './db/data-folder-check.ts';
import { ensureMasterKey } from './crypto/master-key.ts';
import { createTxtLookup } from './domains/txt-verifier.ts';
import { asStartError, prepareDatabase, startBackgroundJobs } from './server.ts';
import type { ServiceDeps } from './service-deps.ts';
import { withServiceV8Flags } from './v8-flags.ts';

export interface RunningWorkers {
  url: string;
  /** The worker processes serving now (a replaced one is gone from here). */
  pids(): number[];
  /** Stops every worker (each finishes its in-flight requests), then the primary's database. */
  stop(): Promise<void>;
}

/** `--workers`: a count from 1 to 64, or `auto` (one per core). */
export function parseWorkerCount(value: string): number {
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new RangeError(`--workers takes a whole number from 1 to 64 or "auto", not "${value}"`);
  return n;
}

export async function startWorkers(
  config: ServiceConfig,
  logger: Logger,
  options: { init?: boolean; workers: number },
): Promise<RunningWorkers> {
  const deps = await preparePrimary(config, logger, options.init ?? false, options.workers);
  const pool: WorkerPool = { stopping: false, listening: new Set() };
  const url = await forkUntilListening(pool, options.workers, logger).catch(async (err: unknown) => {
    await deps.database.close();
    throw err;
  });
  logger.info({ url, workers: options.workers }, 'workers listening');
  const timers = startBackgroundJobs(deps, logger);

  let stopped: Promise<void> | undefined;
  return {
    url,
    pids: () => [...pool.listening].map((w) => w.process.pid ?? 0),
    stop: () =>
      (stopped ??= (async () => {
        pool.stopping = true;
        timers.forEach(clearInterval);
        await stopEveryWorker();
        await deps.database.close();
      })()),
  };
}

/** The primary's own start, once before any worker: the key, the database checked and migrated. */
async function preparePrimary(
  config: ServiceConfig,
  logger: Logger,
  init: boolean,
  workers: number,
): Promise<ServiceDeps> {
  for (const warning of productionWarnings(config)) logger.warn(warning);
  const masterKey = await ensureMasterKey(config.masterKeyFile, logger);
  checkDatabaseFilePresent(config, init);
  const database = openDatabase(config.databaseUrl, {
    logger,
    poolSize: pgPoolSizeFor(config.pgPoolSize, 'primary', workers),
  });
  const deps: ServiceDeps = {
    config,
    database,
    clock: systemClock,
    txtLookup: createTxtLookup({ servers: config.dnsServers, timeoutMs: config.dnsTimeoutMs }),
    masterKey,
  };
  try {
    await prepareDatabase(deps, logger, init);
  } catch (err) {
    await database.close();
    throw asStartError(err);
  }
  return deps;
}

interface WorkerPool {
  stopping: boolean;
  /** The workers that listened (a worker that exits before is a start failure). */
  listening: Set<Worker>;
}

/**
 * Forks the workers; resolves with the URL once every first worker listens,
 * rejects when one exits before that. A worker that dies after serving is replaced.
 */
function forkUntilListening(pool: WorkerPool, workers: number, logger: Logger): Promise<string> {
  // Every worker runs with the service's V8 flags (v8-flags.ts), whatever node the primary was started with.
  cluster.setupPrimary({ execArgv: withServiceV8Flags(process.execArgv, process.env.NODE_OPTIONS) });
  const fork = () => {
    // Its share of the node's PostgreSQL connections depends on how many siblings it has.
    const worker = cluster.fork({ [workerCountVariable]: String(workers) });
    logger.info({ workerPid: worker.process.pid }, 'worker started');
    return worker;
  };
  return new Promise<string>((resolve, reject) => {
    let first: string | undefined;
    cluster.on('listening', (worker, address) => {
      pool.listening.add(worker);
      logger.info({ workerPid: worker.process.pid }, 'worker listening');
      first ??= `http://${address.address}:${address.port}`;
      if (pool.listening.size === workers) resolve(first);
    });
    cluster.on('exit', (worker, code, signal) => {
      const served = pool.listening.delete(worker);
      if (pool.stopping) return;
      if (!served) {
        // It never served: a start failure (port taken, bad config) that a restart would repeat.
        pool.stopping = true;
        reject(new Error(`a worker exited with ${signal ?? code} before it listened`));
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
        return;
      }
      logger.error({ workerPid: worker.process.pid, code, signal }, 'worker died; starting another');
      fork();
    });
    for (let i = 0; i < workers; i++) fork();
  });
}

async function stopEveryWorker(): Promise<void> {
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.isDead()) return resolve();
          w.once('exit', () => resolve());
          // Each worker stops gracefully on SIGTERM (stopOnSignals in the CLI).
          w.process.kill('SIGTERM');
        }),
    ),
  );
}
