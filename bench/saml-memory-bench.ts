// The ACS's memory (issue 27 item 5), in a process of its own so that no
// other benchmark's leftovers count: the service, one account, and signed
// responses from the dev IdP made in batches of 500 (the IdP's side, in a
// process of its own: bench/saml-idp-process.ts) and validated through the ACS full path (verify pool, checks,
// InResponseTo, replay). Prints RSS, this thread's heap and a verify worker's
// own heap after 1,000 and after 10,000 validations, then once the pool is gone.
// Run by bench/saml-bench.ts; BENCH_SAML_MEMORY_VALIDATIONS overrides 10,000.
import { spawn } from 'node:child_process';
import { text } from 'node:stream/consumers';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { createDevIdpKeys } from '../backend/devidp/dev-idp-keys.ts';
import { validateAcsResponse } from '../backend/saml/acs-flow.ts';
import {
  closeVerifyPool,
  verifyPoolThreads,
  verifyWorkerMemory,
  type WorkerMemory,
} from '../backend/saml/verify-pool.ts';
import { startBenchService } from './bench-service.ts';
import { startSamlLogin } from '../backend/saml/authn-request.ts';
import { benchAccount, benchUser } from './saml-bench-setup.ts';

const total = Number(process.env.BENCH_SAML_MEMORY_VALIDATIONS ?? 10_000);
const batch = 500;
const mib = (n: number) => Math.round(n / 1048576);
const bench = await startBenchService('saml-memory', { LATCHKEY_SAML_ACS_POSTS_PER_MINUTE: '1000000' });
const { service, db, clock } = bench;
const { masterKey } = service.deps;
const publicUrl = service.deps.config.publicUrl;
const keys = await createDevIdpKeys();
const account = await benchAccount(db, clock, publicUrl, keys, false);

/** Stores `n` requests (this service's side), then has the IdP process answer each. */
async function responsesFromTheIdp(n: number): Promise<string[]> {
  const requestIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const login = { accountId: account.id, purpose: 'console' as const, email: benchUser.email };
    requestIds.push((await startSamlLogin(db, clock, publicUrl, login, masterKey)).requestId);
  }
  const idp = spawn(process.execPath, [new URL('./saml-idp-process.ts', import.meta.url).pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  idp.stdin.end(JSON.stringify({ keys, publicUrl, accountId: account.id, requestIds }));
  const responses = JSON.parse(await text(idp.stdout)) as string[];
  return responses;
}

async function snapshot() {
  const worker: WorkerMemory | undefined = await verifyWorkerMemory();
  const heap = getHeapStatistics();
  return {
    rssMiB: mib(process.memoryUsage().rss),
    mainHeapMiB: {
      total: mib(heap.total_heap_size),
      used: mib(heap.used_heap_size),
      // The young generation (both semi-spaces): V8 grows it to 2 × --max-semi-space-size.
      newSpace: mib(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0),
    },
    verifyPoolThreads: verifyPoolThreads(),
    // One worker's own V8 heap; `external` holds libxml2-wasm's linear memory (the compiled XSDs).
    verifyWorkerMiB: worker && {
      heapTotal: mib(worker.heapTotal),
      heapUsed: mib(worker.heapUsed),
      newSpace: mib(worker.newSpace),
      external: mib(worker.external),
    },
  };
}

const start = await snapshot();
const at: Record<number, Awaited<ReturnType<typeof snapshot>>> = {};
for (let done = 0; done < total;) {
  const responses = await responsesFromTheIdp(batch);
  for (const r of responses) await validateAcsResponse(db, clock, publicUrl, account.id, r, masterKey);
  done += responses.length;
  if (done === 1000 || done === total) at[done] = await snapshot();
}
await closeVerifyPool();
await new Promise((r) => setTimeout(r, 1000));
const poolClosed = mib(process.memoryUsage().rss);
await bench.stop();

const first = at[1000];
const last = at[total];
console.log(
  JSON.stringify({
    validations: total,
    start,
    after1000Validations: first,
    afterAllValidations: last,
    rssMiB: {
      after1000Validations: first?.rssMiB,
      after10000Validations: last?.rssMiB,
      growth1000To10000: first && last ? +(last.rssMiB / first.rssMiB).toFixed(2) : null,
      afterPoolClosed: poolClosed,
    },
  }),
);
