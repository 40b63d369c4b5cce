// A small worker pool for SAML validation, so a burst of logins never stalls
// SCIM and check-ins on the event loop: every byte of an IdP's XML is parsed
// there, never on the main thread. Sized cores − 1 (at least 1), leaving the
// event loop a core; idle workers exit, so their heaps do not stay resident.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { VerifyInput, VerifyOutput } from './acs-verify.ts';

/**
 * Each worker's V8 heap, capped. Left at Node's defaults (sized from the
 * machine's RAM: a 4 GiB heap limit here), a worker's young generation and
 * lazily collected old generation grew to 170–235 MiB over 500 responses
 * while under 50 MiB of it was live. The largest response the ACS parses
 * (512 KiB, 20,000 elements) needs far less than the old-generation cap
 * (test/backend/saml/verify-pool-memory.test.ts). Young generation 4 MiB:
 * a verification's garbage is short-lived and small (no whole-document XPath
 * since issue 27), so a smaller nursery costs no measurable throughput (full
 * path 22.4 ms vs 23.7 ms at 16 MiB, medians of 3, same loaded run) and keeps
 * the worker's heap at ~30 MiB instead of ~50 (bench/saml-memory-bench.ts).
 */
export const verifyWorkerLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 4 } as const;

let pool: Piscina<VerifyInput, VerifyOutput> | undefined;

export const verifyPoolSize = (): number => Math.max(1, availableParallelism() - 1);

function getPool(): Piscina<VerifyInput, VerifyOutput> {
  pool ??= new Piscina({
    filename: new URL('./verify-worker.ts', import.meta.url).href,
    minThreads: 0,
    maxThreads: verifyPoolSize(),
    idleTimeout: 30_000,
    resourceLimits: verifyWorkerLimits,
  });
  return pool;
}

export function verifyInPool(input: VerifyInput): Promise<VerifyOutput> {
  // Only what the worker needs crosses the thread boundary.
  const { certificates, require_signed_response, allow_sha1 } = input.config;
  return getPool().run({
    ...input,
    config: { certificates, require_signed_response, allow_sha1 },
  });
}

export type WorkerMemory = {
  heapUsed: number;
  heapTotal: number;
  /** The young generation's committed size (both semi-spaces). */
  newSpace: number;
  external: number;
  arrayBuffers: number;
};

/** One worker's own memory (bench, tests); undefined when the pool has not started. */
export function verifyWorkerMemory(): Promise<WorkerMemory> | undefined {
  // The worker's named export `memory` takes no input and answers WorkerMemory, not the pool's default types.
  return pool?.run(undefined as never, { name: 'memory' }) as unknown as Promise<WorkerMemory> | undefined;
}

/** Workers alive now. */
export function verifyPoolThreads(): number {
  return pool?.threads.length ?? 0;
}

/** Responses waiting for a free worker (metrics). */
export function verifyQueueLength(): number {
  return pool?.queueSize ?? 0;
}

export async function closeVerifyPool(): Promise<void> {
  await pool?.destroy();
  pool = undefined;
}
