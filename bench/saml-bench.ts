// SAML benchmark (npm run bench, BENCH=saml): on two sets of signed responses
// from the dev IdP — assertion signed; Response and assertion signed — the
// cost per response (median of 5 interleaved rounds, min–max beside it) of @node-saml/node-saml, of our verify half (in this
// thread: what a worker spends), and of our full path (worker hop + checks +
// InResponseTo + replay in SQLite), one at a time, in the same run; XML parses
// per response by parser; check-in latency idle and while ACS posts run over
// HTTP; and the ACS's memory, measured in a process of its own
// (bench/saml-memory-bench.ts): RSS and heaps after 1,000 and 10,000 validations.
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { SAML } from '@node-saml/node-saml';
import { createDevIdpKeys } from '../backend/devidp/dev-idp-keys.ts';
import { checkIn } from '../backend/licensing/check-in.ts';
import { validateAcsResponse } from '../backend/saml/acs-flow.ts';
import { verifyResponse } from '../backend/saml/acs-verify.ts';
import { closeVerifyPool, verifyPoolSize } from '../backend/saml/verify-pool.ts';
import { licensingContext } from '../backend/licensing/licensing-context.ts';
import { serviceV8Flags } from '../backend/v8-flags.ts';
import { startBenchService } from './bench-service.ts';
import {
  benchAccount,
  benchActivation,
  benchResponses,
  countParses,
  idpEntityId,
  postFromAnotherThread,
  type BenchAccount,
} from './saml-bench-setup.ts';

const count = Number(process.env.BENCH_SAML_RESPONSES ?? 200);
const roundCount = Number(process.env.BENCH_SAML_ROUNDS ?? 5);
const load1m = () => +(loadavg()[0] ?? 0).toFixed(2);
const loadBefore = load1m();
// The ACS load comes from one address (loopback): the per-client ACS limit is not what is measured.
const bench = await startBenchService('saml-bench', { LATCHKEY_SAML_ACS_POSTS_PER_MINUTE: '1000000' });
const { service, db, clock } = bench;
const { masterKey } = service.deps;
const publicUrl = service.deps.config.publicUrl;
const keys = await createDevIdpKeys();
const make = (account: BenchAccount, n: number) =>
  benchResponses(db, clock, publicUrl, masterKey, keys, account, n);
const perResponse = (ms: number) => +(ms / count).toFixed(3);
const parses = countParses();

/** Median, min and max of a figure's rounds (the report's `{ median, min, max, runs }`). */
function spread(xs: number[]) {
  const sorted = [...xs].sort((a, b) => a - b);
  const r = (v: number | undefined) => +(v ?? 0).toFixed(3);
  return {
    median: r(sorted[Math.floor(sorted.length / 2)]),
    min: r(sorted[0]),
    max: r(sorted.at(-1)),
    runs: xs.length,
  };
}

/**
 * One round: the peers take turns every `chunk` responses, so a load spike on
 * this shared machine lands on all of them alike. Returns ms per response each.
 */
async function round(
  peers: { set: string[]; each: (r: string) => Promise<unknown> }[],
  chunk = 10,
): Promise<number[]> {
  const spent = peers.map(() => 0);
  for (let i = 0; i < count; i += chunk) {
    for (const [k, peer] of peers.entries()) {
      const t = performance.now();
      for (const r of peer.set.slice(i, i + chunk)) await peer.each(r);
      spent[k] = (spent[k] ?? 0) + performance.now() - t;
    }
  }
  return spent.map(perResponse);
}

async function measureSet(bothSigned: boolean) {
  const account = await benchAccount(db, clock, publicUrl, keys, bothSigned);
  const [warm, set] = [await make(account, 20), await make(account, count)];
  // node-saml: its own full validation (signature, audience, recipient, time; InResponseTo off, it keeps requests in memory).
  const nodeSaml = new SAML({
    callbackUrl: account.acsUrl,
    entryPoint: 'https://dev-idp.bench/sso',
    issuer: account.audience,
    audience: account.audience,
    idpCert: keys.certificate,
    idpIssuer: idpEntityId,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: bothSigned,
    validateInResponseTo: 'never' as never,
  });
  const config = {
    certificates: JSON.stringify([keys.certificate]),
    require_signed_response: (bothSigned ? 1 : 0) as 0 | 1,
  };
  const ours = (r: string) =>
    verifyResponse({ samlResponse: r, config, nowMs: Date.now() }).then((o) => {
      if (!o.ok) throw new Error(`bench response refused: ${o.code} ${o.detail}`);
    });
  const full = (r: string) => validateAcsResponse(db, clock, publicUrl, account.id, r, masterKey);
  for (const r of warm.slice(0, 10)) await nodeSaml.validatePostResponseAsync({ SAMLResponse: r });
  for (const r of warm.slice(0, 10)) await ours(r);
  for (const r of warm) await full(r); // each worker loads its modules and compiles the schemas once
  // Five rounds, the three interleaved within each; each figure is the median of its rounds.
  const rounds: number[][] = [];
  for (let i = 0; i < roundCount; i++) {
    const fresh = await make(account, count);
    rounds.push(
      await round([
        { set, each: (r) => nodeSaml.validatePostResponseAsync({ SAMLResponse: r }) },
        { set, each: ours },
        { set: fresh, each: full },
      ]),
    );
  }
  const column = (k: number) => rounds.map((r) => r[k] ?? 0);
  const ratios = (k: number) => rounds.map((r) => (r[k] ?? 0) / (r[0] ?? 1));
  const figures = {
    nodeSamlMs: spread(column(0)),
    verifyMs: spread(column(1)),
    fullPathMs: spread(column(2)),
    verifyToNodeSaml: spread(ratios(1)),
    fullPathToNodeSaml: spread(ratios(2)),
  };
  const [one] = await make(account, 1);
  parses.reset();
  await ours(one as string);
  return {
    nodeSamlMsPerResponse: figures.nodeSamlMs.median,
    ourVerifyMsPerResponse: figures.verifyMs.median,
    ourFullPathMsPerResponse: figures.fullPathMs.median,
    // Medians of the same-round ratios.
    verifyToNodeSaml: +figures.verifyToNodeSaml.median.toFixed(2),
    fullPathToNodeSaml: +figures.fullPathToNodeSaml.median.toFixed(2),
    rounds: figures,
    parsesPerResponse: parses.counts(),
    account,
  };
}

const assertionSigned = await measureSet(false);
const bothSigned = await measureSet(true);

// Check-in latency (one indexed read, one signature, one write) on this event loop,
// idle and while ACS posts run 8 at a time over HTTP.
const ctx = licensingContext(service.deps);
const device = await benchActivation(ctx, db, clock, assertionSigned.account.id);
async function checkInLatencies(ms: number): Promise<number[]> {
  const times: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const s = performance.now();
    await checkIn(ctx, device.activationId, device.userId);
    times.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 5));
  }
  return times.sort((a, b) => a - b);
}
const pct = (xs: number[], p: number) =>
  +(xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0).toFixed(2);
await checkInLatencies(500);
const idle = await checkInLatencies(3000);
const load = await make(assertionSigned.account, 600);
const loadStart = performance.now();
let loading = true;
// The IdP's browsers are elsewhere: the load is posted from another thread, not from the service's event loop.
const acsLoad = postFromAnotherThread(assertionSigned.account.acsUrl, load, 8).finally(
  () => (loading = false),
);
const underLoad: number[] = [];
while (loading && underLoad.length < 2000) underLoad.push(...(await checkInLatencies(250)));
const accepted = await acsLoad;
underLoad.sort((a, b) => a - b);
const acsPerSecond = Math.round(accepted / ((performance.now() - loadStart) / 1000));

// This process's RSS after every phase above (node-saml, in-thread verifies, the HTTP load): not the ACS's own.
const benchProcessRss = Math.round(process.memoryUsage().rss / 1048576);
await bench.stop();
await closeVerifyPool();
// The ACS's own memory, in a fresh process (its leftovers are not this one's).
const memory = JSON.parse(
  // With the V8 flags the service starts with (backend/v8-flags.ts): the ACS's memory as it runs.
  execFileSync(
    process.execPath,
    [...serviceV8Flags, new URL('./saml-memory-bench.ts', import.meta.url).pathname],
    {
      encoding: 'utf8',
      env: process.env,
      maxBuffer: 1 << 20,
    },
  ),
) as { rssMiB: Record<string, number> } & Record<string, unknown>;
const strip = ({ account: _a, ...rest }: Awaited<ReturnType<typeof measureSet>>) => rest;
console.log(
  JSON.stringify(
    {
      samlResponses: count,
      machine: {
        cores: availableParallelism(),
        load1mBefore: loadBefore,
        load1mAfter: load1m(),
      },
      verifyPoolThreads: verifyPoolSize(),
      assertionSigned: strip(assertionSigned),
      responseAndAssertionSigned: strip(bothSigned),
      checkInLatencyMs: {
        idle: { samples: idle.length, p50: pct(idle, 0.5), p99: pct(idle, 0.99) },
        underAcsLoad: { samples: underLoad.length, p50: pct(underLoad, 0.5), p99: pct(underLoad, 0.99) },
        p99Ratio: +(pct(underLoad, 0.99) / pct(idle, 0.99)).toFixed(2),
      },
      acsOverHttp: { concurrency: 8, accepted, perSecond: acsPerSecond },
      rssMiB: { ...memory.rssMiB, benchProcessAfterAllPhases: benchProcessRss },
      memory,
    },
    null,
    2,
  ),
);
