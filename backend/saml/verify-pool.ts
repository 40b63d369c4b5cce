// A small worker pool for SAML validation, so a burst of logins never stalls
// SCIM and check-ins on the event loop. One thread per core by default.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { VerifyInput, VerifyOutput } from './acs-verify.ts';

let pool: Piscina<VerifyInput, VerifyOutput> | undefined;

function getPool(): Piscina<VerifyInput, VerifyOutput> {
  pool ??= new Piscina({
    filename: new URL('./verify-worker.ts', import.meta.url).href,
    maxThreads: Math.max(1, Math.min(4, availableParallelism())),
    idleTimeout: 30_000,
  });
  return pool;
}

export function verifyInPool(input: VerifyInput): Promise<VerifyOutput> {
  // Only what the worker needs crosses the thread boundary.
  const { certificates, idp_entity_id, sso_url, sso_binding, require_signed_response } = input.config;
  return getPool().run({
    ...input,
    config: { certificates, idp_entity_id, sso_url, sso_binding, require_signed_response },
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
