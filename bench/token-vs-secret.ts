// Issue 27 item 2: check-ins with the app's SSO access token beside check-ins with an
// activation secret, on one database in one run (licensing-bench.ts calls this for SQLite
// and PostgreSQL). Over HTTP to the in-process service, 16 concurrent loops, rounds of each
// kind interleaved (the order rotates every round) so drifting machine load falls on all
// kinds alike; each ratio is the median of the rounds' ratios, with min–max. Also the
// parts: the caller lookup each way, and the DPoP proof check with its replay write.
import { createHash, KeyObject, randomUUID, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { licensingContext } from '../backend/licensing/licensing-context.ts';
import { activateByKey, activationForSecret } from '../backend/licensing/key-activation.ts';
import { checkBoundTokenProof } from '../backend/licensing/dpop-proof.ts';
import { checkIn } from '../backend/licensing/check-in.ts';
import { firstUseOfProof } from '../backend/oidc/dpop-replay.ts';
import { presentedAccessToken } from '../backend/oidc/access-token-lookup.ts';
import { desktopClientId, desktopScopes, oidcProvider } from '../backend/oidc/provider.ts';
import type { startBenchService } from './bench-service.ts';

type Service = Awaited<ReturnType<typeof startBenchService>>['service'];

const rounds = 5;
/** Each round: this many passes of every kind, each pass this long (short passes follow the load's drift). */
const passes = 4;
const passSeconds = Number(process.env.BENCH_TOKEN_PASS_SECONDS ?? 0.5);
const concurrency = 16;
/** Activations each kind cycles through. */
const width = 200;

/** The rounds' median with min–max: the shape bench/report.ts reads as one figure. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

const spread = (values: number[], digits = 3): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number) => +v.toFixed(digits);
  return {
    median: round(sorted[Math.floor(sorted.length / 2)] ?? NaN),
    min: round(sorted[0] ?? NaN),
    max: round(sorted.at(-1) ?? NaN),
    runs: values.length,
  };
};

/** This process's CPU time, plus on PostgreSQL its backends' for this database (Linux /proc), in ms. */
function cpuClock(database: Service['deps']['database']): () => Promise<number> {
  const own = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  if (database.dialect !== 'postgres') return async () => own();
  return async () => {
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
      where datname = current_database() and backend_type = 'client backend'`.execute(database.db);
    let ns = 0;
    for (const { pid } of rows) {
      // schedstat's first field: time on a CPU in ns (a server on another machine: 0).
      const stat = await readFile(`/proc/${pid}/schedstat`, 'utf8').catch(() => '0');
      ns += Number(stat.split(' ')[0]) || 0;
    }
    return own() + ns / 1e6;
  };
}

export async function tokenVsSecret(
  service: Service,
  activations: { id: string; user: string; email: string }[],
  licenseKey: string,
) {
  const deps = service.deps;
  const ctx = licensingContext(deps);
  const provider = await oidcProvider(deps);
  const client = await provider.Client.find(desktopClientId);
  if (!client) throw new Error('no desktop client');
  const some = activations.slice(0, width);
  // A key per device, as each installation makes its own (not one key the proof cache keeps hot).
  const deviceKeys = await Promise.all(
    some.map(async () => {
      const key = await generateKeyPair('ES256', { extractable: true });
      const jwk = await exportJWK(key.publicKey);
      return {
        jkt: await calculateJwkThumbprint(jwk),
        signingKey: KeyObject.from(key.privateKey),
        proofHeader: Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'dpop+jwt', jwk })).toString(
          'base64url',
        ),
      };
    }),
  );
  const issue = async (user: string, jkt: string | undefined) => {
    const grant = new provider.Grant({ accountId: user, clientId: desktopClientId });
    grant.addOIDCScope(desktopScopes);
    const grantId = await grant.save();
    const token = new provider.AccessToken({
      accountId: user,
      client,
      grantId,
      scope: desktopScopes,
      gty: 'authorization_code',
      ...(jkt && { jkt }),
    });
    return token.save();
  };
  const plain: { path: string; token: string }[] = [];
  const bound: { path: string; token: string }[] = [];
  const secrets: { path: string; secret: string }[] = [];
  for (const [i, a] of some.entries()) {
    const path = `/api/v1/activations/${a.id}/check-in`;
    plain.push({ path, token: await issue(a.user, undefined) });
    bound.push({ path, token: await issue(a.user, deviceKeys[i]?.jkt) });
    // The same user's second device, activated with the license key: its secret checks in.
    const byKey = await activateByKey(ctx, {
      licenseKey,
      email: a.email,
      deviceId: `key-device-${i}-0123456789abcdef`,
      deviceName: 'Mac',
      os: 'macOS',
      appVersion: '1.0.0',
    });
    secrets.push({
      path: `/api/v1/activations/${byKey.activationId}/check-in`,
      secret: byKey.activationSecret,
    });
  }
  const publicUrl = deps.config.publicUrl;
  const cpuNow = cpuClock(deps.database);
  /**
   * Proofs signed before a round (the app signs on its own machine, not in the service's
   * process): with node:crypto, so that the signing's garbage (jose's WebCrypto path leaves
   * much) is not collected during the pass and charged to the service's DPoP check-ins.
   */
  const proofsFor = async (n: number) => {
    const proofs: string[] = [];
    const iat = Math.floor(Date.now() / 1000);
    for (let i = 0; i < n; i++) {
      const b = bound[i % bound.length] as { path: string; token: string };
      const { signingKey, proofHeader } = deviceKeys[i % bound.length] as (typeof deviceKeys)[number];
      const claims = {
        htm: 'POST',
        htu: `${publicUrl}${b.path}`,
        jti: randomUUID(),
        ath: createHash('sha256').update(b.token).digest('base64url'),
        iat,
      };
      const input = `${proofHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      const signature = sign('sha256', Buffer.from(input), { key: signingKey, dsaEncoding: 'ieee-p1363' });
      proofs.push(`${input}.${signature.toString('base64url')}`);
    }
    return proofs;
  };
  type Send = (i: number) => Promise<Response>;
  /** One pass: requests done and the seconds they took. */
  const loop = async (send: Send, limit = Infinity) => {
    let done = 0;
    const cpuBefore = await cpuNow();
    const started = performance.now();
    const end = started + passSeconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let i = w; i < limit && performance.now() < end; i += concurrency) {
          const res = await send(i);
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          done += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { done, seconds, cpuMs: (await cpuNow()) - cpuBefore };
  };
  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${service.url}${path}`, { method: 'POST', headers });
  const kinds = {
    secret: () =>
      loop((i) =>
        post(secrets[i % width]?.path ?? '', { authorization: `Bearer ${secrets[i % width]?.secret}` }),
      ),
    token: () =>
      loop((i) => post(plain[i % width]?.path ?? '', { authorization: `Bearer ${plain[i % width]?.token}` })),
    dpopToken: async () => {
      const proofs = await proofsFor(Math.ceil(passSeconds * 4000));
      return loop(
        (i) =>
          post(bound[i % width]?.path ?? '', {
            authorization: `DPoP ${bound[i % width]?.token}`,
            dpop: proofs[i] ?? '',
          }),
        proofs.length,
      );
    },
  };
  const order = ['secret', 'token', 'dpopToken'] as const;
  type Kind = (typeof order)[number];
  // Warm-up: one pass of each.
  for (const kind of order) await kinds[kind]();
  const perSecond: Record<Kind, number[]> = { secret: [], token: [], dpopToken: [] };
  const cpuPerRequest: Record<Kind, number[]> = { secret: [], token: [], dpopToken: [] };
  for (let r = 0; r < rounds; r++) {
    const sum: Record<Kind, { done: number; seconds: number; cpuMs: number }> = {
      secret: { done: 0, seconds: 0, cpuMs: 0 },
      token: { done: 0, seconds: 0, cpuMs: 0 },
      dpopToken: { done: 0, seconds: 0, cpuMs: 0 },
    };
    for (let p = 0; p < passes; p++)
      for (let k = 0; k < order.length; k++) {
        const kind = order[(r * passes + p + k) % order.length] as Kind;
        const pass = await kinds[kind]();
        sum[kind].done += pass.done;
        sum[kind].seconds += pass.seconds;
        sum[kind].cpuMs += pass.cpuMs;
      }
    for (const kind of order) {
      perSecond[kind].push(sum[kind].done / sum[kind].seconds);
      cpuPerRequest[kind].push(sum[kind].cpuMs / sum[kind].done);
    }
  }
  const ratios = (kind: 'token' | 'dpopToken') =>
    perSecond[kind].map((v, r) => v / (perSecond.secret[r] ?? NaN));
  /** Requests per CPU second as a ratio: the secret's CPU per request ÷ this kind's (steadier on a busy machine). */
  const cpuRatios = (kind: 'token' | 'dpopToken') =>
    cpuPerRequest[kind].map((v, r) => (cpuPerRequest.secret[r] ?? NaN) / v);

  // The parts: per round, 5 batches of 200 calls of each, the parts' batches interleaved.
  const db = deps.database.db;
  const clock = deps.clock;
  const until = () => new Date(clock.now().getTime() + 300_000);
  const batch = 200;
  const proofCheck = async () => {
    const proofs = await proofsFor(batch);
    return (i: number) =>
      checkBoundTokenProof(db, clock, {
        proof: proofs[i],
        method: 'POST',
        url: `${publicUrl}${bound[i % width]?.path}`,
        accessToken: bound[i % width]?.token ?? '',
        jkt: deviceKeys[i % width]?.jkt ?? '',
        accountId: 'bench',
        email: null,
        ip: '127.0.0.1',
      });
  };
  const parts = {
    accessTokenFind: async () => (i: number) => provider.AccessToken.find(plain[i % width]?.token ?? ''),
    presentedAccessToken: async () => (i: number) =>
      presentedAccessToken(db, clock, plain[i % width]?.token ?? ''),
    activationForSecret: async () => (i: number) => activationForSecret(db, secrets[i % width]?.secret ?? ''),
    /** DPoP: the whole proof check (signature, claims, the replay write)... */
    proofCheck,
    /** ...and its replay write alone (RFC 9449 §11.1: one insert of the jti's hash). */
    replayWrite: async () => () => firstUseOfProof(db, 'bench', randomUUID(), until()),
    checkIn: async () => (i: number) => {
      const a = some[i % width] as { id: string; user: string };
      return checkIn(ctx, a.id, a.user);
    },
  };
  type Part = keyof typeof parts;
  const partMs = Object.fromEntries(Object.keys(parts).map((k) => [k, [] as number[]])) as Record<
    Part,
    number[]
  >;
  for (let r = 0; r < rounds; r++) {
    const total = Object.fromEntries(Object.keys(parts).map((k) => [k, 0])) as Record<Part, number>;
    for (let b = 0; b < 5; b++)
      for (const name of Object.keys(parts) as Part[]) {
        const f = await parts[name]();
        const t = performance.now();
        for (let i = 0; i < batch; i++) await f(i);
        total[name] += performance.now() - t;
      }
    for (const name of Object.keys(parts) as Part[]) partMs[name].push(total[name] / (5 * batch));
  }
  const ms = (name: Part) => spread(partMs[name], 4);
  return {
    rounds,
    passes,
    passSeconds,
    activations: width,
    secretPerSecond: spread(perSecond.secret, 0),
    tokenPerSecond: spread(perSecond.token, 0),
    dpopTokenPerSecond: spread(perSecond.dpopToken, 0),
    /** The goal (≥ 0.8): the app's access token as a plain bearer vs an activation secret. */
    tokenToSecret: spread(ratios('token')),
    /** The DPoP-bound token (a proof verified and its jti written per request) vs an activation secret. */
    dpopTokenToSecret: spread(ratios('dpopToken')),
    /**
     * CPU per request (this process — the service and the bench's own client — plus, on
     * PostgreSQL, the server backends of the bench's database), and the same ratios by CPU.
     */
    cpuMsPerRequest: {
      secret: spread(cpuPerRequest.secret, 4),
      token: spread(cpuPerRequest.token, 4),
      dpopToken: spread(cpuPerRequest.dpopToken, 4),
    },
    cpuTokenToSecret: spread(cpuRatios('token')),
    cpuDpopTokenToSecret: spread(cpuRatios('dpopToken')),
    lookupMs: {
      accessTokenFind: ms('accessTokenFind'),
      presentedAccessToken: ms('presentedAccessToken'),
      activationForSecret: ms('activationForSecret'),
    },
    dpopMs: { proofCheck: ms('proofCheck'), replayWrite: ms('replayWrite'), checkIn: ms('checkIn') },
  };
}
