// Check-ins over HTTP from a second process (wrk, 16 connections), beside the
// framework floor measured the same way: GET /healthz on the same service in
// the same run. The service runs as production runs it: `latchkey-server serve
// --workers N` (one process, and one per core), logging at info to a file.
// Devices are key activations (their activation secret is the bearer a
// check-in takes), spread over many users. SQLite by default; PostgreSQL too
// when BENCH_PG_URL or LATCHKEY_TEST_PG_URL is set (a fresh database each run).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../backend/accounts/account-service.ts';
import { activateByKey } from '../backend/licensing/key-activation.ts';
import { addLicense } from '../backend/licensing/license-registry.ts';
import { licensingContext } from '../backend/licensing/licensing-context.ts';
import { freshPostgresDatabase, startBenchService } from './bench-service.ts';
import { startServeProcesses } from './serve-processes.ts';

const devices = Number(process.env.BENCH_HTTP_DEVICES ?? 300);
const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const connections = 16;
// BENCH_PROFILE_DIR: each serve process writes a CPU profile there (node --cpu-prof) of mostly
// check-ins (/healthz then runs for 1 s only).
const profileDir = process.env.BENCH_PROFILE_DIR;
// The worker counts measured; the last is the headline figure.
const workerCounts = (process.env.BENCH_HTTP_WORKERS ?? '1,2').split(',').map(Number);

interface WrkResult {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  /** The serving process's CPU time per request (one worker, Linux). */
  cpuMsPerRequest?: number;
  /** The part of it spent in the kernel (socket writes, waking the client, the database's file writes). */
  sysMsPerRequest?: number;
}

/** wrk's --latency report: Requests/sec, the 50 % and 99 % lines, non-2xx and socket errors. */
function parseWrk(out: string): WrkResult {
  const ms = (label: string) => {
    const m = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out);
    if (!m) return Number.NaN;
    const n = Number(m[1]);
    return +(m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n).toFixed(2);
  };
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    perSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
    p50Ms: ms('50'),
    p99Ms: ms('99'),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
    errors: non2xx + socketErrors,
  };
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux). On a machine whose
 * other load changes from second to second, CPU per request moves far less than requests per
 * second: the figure to compare a change by. Undefined where /proc is not there.
 */
function cpuMsOf(pid: number | undefined): { all: number; sys: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, after the ")" that ends the command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const [user, sys] = [Number(fields[11]), Number(fields[12])];
    return Number.isFinite(user + sys) ? { all: (user + sys) * 10, sys: sys * 10 } : undefined;
  } catch {
    return undefined;
  }
}

/** wrk against one serve process, with that process's CPU time per request (one worker only). */
async function wrkWithCpu(
  pid: number | undefined,
  url: string,
  script?: string,
  forSeconds = seconds,
): Promise<WrkResult> {
  const before = cpuMsOf(pid);
  const result = await wrk(url, script, forSeconds);
  const after = cpuMsOf(pid);
  const per = (ms: number) => +(ms / result.requests).toFixed(4);
  return before !== undefined && after !== undefined && result.requests > 0
    ? {
        ...result,
        cpuMsPerRequest: per(after.all - before.all),
        sysMsPerRequest: per(after.sys - before.sys),
      }
    : result;
}

/** Asynchronous: the service under load runs in this process's event loop. */
async function wrk(url: string, script?: string, forSeconds = seconds): Promise<WrkResult> {
  const args = [
    '-t2',
    `-c${connections}`,
    `-d${forSeconds}s`,
    '--latency',
    ...(script ? ['-s', script] : []),
    url,
  ];
  return parseWrk((await promisify(execFile)('wrk', args, { encoding: 'utf8' })).stdout);
}

async function run(databaseUrl?: string) {
  const bench = await startBenchService('http-checkin', databaseUrl ? { DATABASE_URL: databaseUrl } : {});
  const scratch = mkdtempSync(join(tmpdir(), 'latchkey-wrk-'));
  try {
    const { db, clock, service } = bench;
    const account = await createAccount(
      db,
      clock,
      {
        name: 'bench',
        ownerEmail: `owner-${randomUUID()}@bench.example`,
        ownerPassword: 'benchmark password',
      },
      'bench',
    );
    const license = await addLicense(
      db,
      clock,
      { accountId: account.id, edition: 'business', seats: devices, deviceLimit: 3, expiresAt: '2099-01-01' },
      'bench',
    );
    const ctx = licensingContext(service.deps);
    const activations: { id: string; secret: string }[] = [];
    for (let i = 0; i < devices; i++) {
      const issued = await activateByKey(ctx, {
        licenseKey: license.key,
        email: `user${i}@bench.example`,
        deviceId: `device-${i}`,
        deviceName: `bench ${i}`,
        os: 'linux',
        appVersion: '0.1.0',
      });
      activations.push({ id: issued.activationId, secret: issued.activationSecret });
    }
    // wrk picks a random device for every request.
    const script = join(scratch, 'check-in.lua');
    writeFileSync(
      script,
      [
        'local devices = {',
        ...activations.map((a) => `  { "${a.id}", "${a.secret}" },`),
        '}',
        'request = function()',
        '  local d = devices[math.random(#devices)]',
        '  return wrk.format("POST", "/api/v1/activations/" .. d[1] .. "/check-in", { ["Authorization"] = "Bearer " .. d[2] }, nil)',
        'end',
        '',
      ].join('\n'),
    );
    const dialect = service.deps.database.dialect;
    // The data is in place: the in-process service gives way to `serve --workers N`.
    await service.stop();
    const byWorkers: Record<
      string,
      { healthz: WrkResult; checkIns: WrkResult; checkInsToHealthz: number; healthzToCheckInCpu?: number }
    > = Object.create(null) as Record<string, never>;
    for (const workers of workerCounts) {
      const served = await startServeProcesses({
        dataDir: bench.dir,
        databaseUrl,
        workers,
        ...(profileDir && { env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } }),
      });
      try {
        // With one worker, `serve` answers in its own process: its CPU time is the service's.
        const pid = workers === 1 ? served.pid : undefined;
        const healthz = profileDir
          ? await wrkWithCpu(pid, `${served.url}/healthz`, undefined, 1)
          : await wrkWithCpu(pid, `${served.url}/healthz`);
        const checkIns = await wrkWithCpu(pid, served.url, script);
        const cpu =
          checkIns.cpuMsPerRequest && healthz.cpuMsPerRequest
            ? { healthzToCheckInCpu: +(healthz.cpuMsPerRequest / checkIns.cpuMsPerRequest).toFixed(3) }
            : {};
        byWorkers[workers] = {
          healthz,
          checkIns,
          checkInsToHealthz: +(checkIns.perSecond / healthz.perSecond).toFixed(3),
          ...cpu,
        };
      } finally {
        await served.stop();
      }
    }
    const headline = byWorkers[workerCounts.at(-1) ?? 1];
    return { dialect, devices, connections, seconds, workers: workerCounts.at(-1), ...headline, byWorkers };
  } finally {
    await bench.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

const sqlite = await run();
const pgUrl = process.env.BENCH_PG_URL ?? process.env.LATCHKEY_TEST_PG_URL;
// A fresh database each run: a previous run's signing keys were sealed by another master key.
async function runPostgres(serverUrl: string) {
  const database = await freshPostgresDatabase(serverUrl);
  try {
    return await run(database.url);
  } finally {
    await database.drop();
  }
}
const postgres = pgUrl ? await runPostgres(pgUrl) : { skipped: 'set BENCH_PG_URL to measure PostgreSQL' };
console.log(JSON.stringify({ sqlite, postgres }, null, 2));
