// A small worker pool for SAML validation, so a burst of logins never stalls
// SCIM and check-ins on the event loop: every byte of an IdP's XML is parsed
// there, never on the main thread. Sized cores − 1 (at least 1), leaving the
// event loop a core; idle workers exit, so their heaps do not stay resident.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { VerifyInput, VerifyOutput } from './acs-verify.ts';

let pool: Piscina<VerifyInput, VerifyOutput> | undefined;

export const verifyPoolSize = (): number => Math.max(1, availableParallelism() - 1);

function getPool(): Piscina<VerifyInput, VerifyOutput> {
  pool ??= new Piscina({
    filename: new URL('./verify-worker.ts', import.meta.url).href,
    minThreads: 0,
    maxThreads: verifyPoolSize(),
    idleTimeout: 30_000,
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

/** Responses waiting for a free worker (metrics). */
export function verifyQueueLength(): number {
  return pool?.queueSize ?? 0;
}

export async function closeVerifyPool(): Promise<void> {
  await pool?.destroy();
  pool = undefined;
}
