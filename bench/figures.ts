// What the report reads out of each benchmark's JSON: each figure with its
// goal, and the peer measured in the same run where there is one. A figure
// whose path a benchmark no longer prints shows as "not measured" rather than
// failing the report. report.ts runs each benchmark `runsOf(bench)` times; a
// figure is the median of its runs with min–max beside it, and its ratio is
// the median of the per-run ratios (value and peer always from the same run).
// A benchmark may also run its rounds itself and print `{ median, min, max,
// runs }` at a figure's path: the report takes those as they are.

export interface Figure {
  bench: string;
  name: string;
  /** Dotted path into the benchmark's JSON. */
  path: string;
  unit: string;
  /** The goal in words, and whether the value (or its ratio to the peer) meets it. */
  goal?: { text: string; met: (value: number, ratio: number | null) => boolean };
  /** The peer measured in the same run: its name and the path of its figure. */
  peer?: { name: string; path: string };
  /** The goal of an issue this figure measures ('27.3'): the report lists these first. */
  issueGoal?: string;
  /**
   * Where the benchmark prints the ratio of its own paired rounds (`{ median, min, max, runs }`,
   * each round's value over the peer's in that round): one run's ratio and its spread come from
   * there rather than from the two medians.
   */
  ratioPath?: string;
}

export const benches = [
  'saml',
  'scim',
  'scim-concurrency',
  'licensing',
  'http-checkin',
  'desktop',
  'scale',
  'seats',
  'flat-cost',
] as const;
export type BenchName = (typeof benches)[number];

/** How many times the report runs a benchmark by default (BENCH_RUNS overrides it). */
export const defaultRuns = 5;
/**
 * Benchmarks that build a 100,000-user tenant (or a million activations) run once: five
 * builds would take most of an hour. Their figures say "1 run" in the report. The SAML bench
 * runs its own interleaved rounds (BENCH_SAML_ROUNDS, 5) and reports their median and spread.
 */
export const singleRunBenches: readonly string[] = ['scale', 'seats', 'flat-cost', 'saml'];
export function runsOf(bench: string, requested = Number(process.env.BENCH_RUNS ?? defaultRuns)): number {
  const runs = Number.isInteger(requested) && requested > 0 ? requested : defaultRuns;
  return singleRunBenches.includes(bench) ? 1 : runs;
}

/** The scale benchmark's rows (bench/scale-bench.ts): each list page and filter, per database. */
const scaleRows: [key: string, name: string][] = [
  ['usersFirstPage', 'console users, first page'],
  ['usersDeepPage', 'console users, a page 50,000 rows deep (cursor)'],
  ['usersSearch', 'console users, search (one user)'],
  ['usersSearchWide', 'console users, search (a first name: thousands)'],
  ['devicesByLicense', 'devices by license'],
  ['devicesByUser', 'devices by user'],
  ['logFirstPage', 'activation log, first page'],
  ['logByEmail', 'activation log by email'],
  ['logByEmailPrefix', 'activation log by the start of an email'],
  ['logByCode', 'activation log by code'],
  ['logByDateRange', 'activation log by date range'],
  ['auditFirstPage', 'audit log, first page'],
  ['usageFirstPage', 'usage, first page'],
  ['usageIdle', 'usage, idle for 30 days'],
  ['usageSearch', 'usage, search'],
  ['usageByGroup', 'usage, a 60,000-member group'],
  ['scimUsersPage1', 'SCIM /Users page 1'],
  ['scimUsersPage501', 'SCIM /Users page 501'],
  ['scimGroupWithoutMembers', 'SCIM /Groups/{id}?excludedAttributes=members (60,000 members)'],
];

const scaleFigures: Figure[] = (
  [
    ['sqlite', 'SQLite', 50],
    ['postgres', 'PostgreSQL', 100],
  ] as const
).flatMap(([db, label, goalMs]): Figure[] => [
  ...scaleRows.map(([key, name]): Figure => ({
    bench: 'scale',
    name: `${name} p95, ${label}`,
    path: `${db}.rows.${key}.p95Ms`,
    unit: 'ms',
    goal: { text: `≤ ${goalMs} ms`, met: (v) => v <= goalMs },
  })),
  {
    bench: 'scale',
    name: `device check-in p99 while the slowest console request loops, ${label}`,
    path: `${db}.checkIn.underLoad.p99Ms`,
    unit: 'ms',
    peer: { name: 'check-in p99 idle', path: `${db}.checkIn.idle.p99Ms` },
    goal: { text: '≤ 2× idle', met: (_, ratio) => ratio !== null && ratio <= 2 },
  },
  {
    bench: 'scale',
    name: `service RSS after a walk of every console list, ${label}`,
    path: `${db}.walk.rssMiB`,
    unit: 'MiB',
    goal: { text: '≤ 400 MiB', met: (v) => v <= 400 },
  },
  {
    bench: 'scale',
    name: `building the 100,000-user tenant in the database, ${label}`,
    path: `${db}.buildSeconds`,
    unit: 's',
  },
]);

/** bench/seats-bench.ts: a new device's decision and activations per second at 100,000 held seats. */
const seatFigures: Figure[] = (
  [
    ['sqlite', 'SQLite'],
    ['postgres', 'PostgreSQL'],
  ] as const
).flatMap(([db, label]): Figure[] => [
  {
    bench: 'seats',
    name: `a new device's decision at 100,000 held seats (median), ${label}`,
    path: `${db}.decisionAt100000Seats.medianMs`,
    unit: 'ms',
    peer: { name: 'at 1,000 seats', path: `${db}.decisionAt1000Seats.medianMs` },
    goal: { text: '≤ 5 ms', met: (v) => v <= 5 },
    issueGoal: '27.7',
  },
  {
    bench: 'seats',
    name: `new activations per second, one tenant at 100,000 seats (key path, 8 at once), ${label}`,
    path: `${db}.newActivationsPerSecond`,
    unit: 'activations/s',
    goal: { text: '≥ 200/s', met: (v) => v >= 200 },
    issueGoal: '27.7',
  },
]);

/**
 * Issue 27's goals measured by the HTTP check-in and flat-cost benchmarks (the SSO-token,
 * ACS and seat goals are rows of their own benchmarks' sections).
 */
const issue27Figures: Figure[] = [
  ...(
    [
      ['sqlite.checkIns.perSecond', 'sqlite.healthz.perSecond', 'serve --workers 2'],
      ['sqlite.byWorkers.1.checkIns.perSecond', 'sqlite.byWorkers.1.healthz.perSecond', 'serve --workers 1'],
    ] as const
  ).map(([path, peer, label]): Figure => ({
    bench: 'http-checkin',
    name: `check-ins over HTTP against GET /healthz, SQLite, ${label}`,
    path,
    unit: 'requests/s',
    peer: { name: 'GET /healthz, same load', path: peer },
    goal: { text: '≥ 0.25× /healthz', met: (_, ratio) => ratio !== null && ratio >= 0.25 },
    issueGoal: '27.3',
  })),
  {
    bench: 'http-checkin',
    name: 'CPU per GET /healthz against CPU per check-in (the same ratio, steadier on a busy machine), SQLite, serve --workers 1',
    path: 'sqlite.byWorkers.1.healthz.cpuMsPerRequest',
    unit: 'ms CPU/request',
    peer: { name: 'CPU per check-in, same run', path: 'sqlite.byWorkers.1.checkIns.cpuMsPerRequest' },
    goal: { text: '≥ 0.25×', met: (_, ratio) => ratio !== null && ratio >= 0.25 },
    issueGoal: '27.3',
  },
  ...(
    [
      ['postgres.checkIns.perSecond', 'sqlite.checkIns.perSecond', 'serve --workers 2'],
      [
        'postgres.byWorkers.1.checkIns.perSecond',
        'sqlite.byWorkers.1.checkIns.perSecond',
        'serve --workers 1',
      ],
    ] as const
  ).map(([path, peer, label]): Figure => ({
    bench: 'http-checkin',
    name: `check-ins over HTTP, PostgreSQL against SQLite, ${label}`,
    path,
    unit: 'requests/s',
    peer: { name: 'SQLite, same run', path: peer },
    goal: { text: '≥ 0.5× SQLite', met: (_, ratio) => ratio !== null && ratio >= 0.5 },
    issueGoal: '27.1',
  })),
  {
    bench: 'licensing',
    name: 'check-ins during a flood of refused sign-ins (one address, once limited), SQLite',
    path: 'checkIns.sqlite.loginFlood.oneIpLimited.perSecond',
    unit: 'check-ins/s',
    peer: { name: 'check-ins alone (mean of the runs before and after)', path: 'checkIns.sqlite.perSecond' },
    goal: { text: '≥ 0.6× check-ins alone', met: (_, ratio) => ratio !== null && ratio >= 0.6 },
    issueGoal: '27.4',
  },
  {
    bench: 'flat-cost',
    name: 'service RSS after 100,000 check-ins over HTTP, SQLite (in-process service, 16 at once)',
    path: 'sqlite.rss.after100000CheckInsMiB',
    unit: 'MiB',
    peer: { name: 'after 1,000', path: 'sqlite.rss.after1000CheckInsMiB' },
    goal: { text: 'flat: ≤ 1.2× after 1,000', met: (_, ratio) => ratio !== null && ratio <= 1.2 },
    issueGoal: '27.5',
  },
  ...(
    [
      ['sqlite', 'SQLite'],
      ['postgres', 'PostgreSQL'],
    ] as const
  ).flatMap(([db, label]): Figure[] => [
    {
      bench: 'flat-cost',
      name: `check-in p50 with 1,000,000 activations in the table, ${label}`,
      path: `${db}.checkIn.at1000000.p50Ms`,
      unit: 'ms',
      peer: { name: 'with 1,000', path: `${db}.checkIn.at1000.p50Ms` },
      ratioPath: `${db}.checkIn.ratio`,
      goal: { text: 'flat: ≤ 1.2× at 1,000', met: (_, ratio) => ratio !== null && ratio <= 1.2 },
      issueGoal: '27.8',
    },
    {
      bench: 'flat-cost',
      name: `SCIM provisioning rate with 100,000 users in the tenant, ${label}`,
      path: `${db}.scim.at100000.usersPerSecond`,
      unit: 'users/s',
      peer: { name: 'with 1,000', path: `${db}.scim.at1000.usersPerSecond` },
      ratioPath: `${db}.scim.ratio`,
      // Flat: the rate at 100,000 is at least 1/1.2 of the rate at 1,000.
      goal: { text: 'flat: ≥ 0.83× at 1,000', met: (_, ratio) => ratio !== null && ratio >= 0.83 },
      issueGoal: '27.8',
    },
  ]),
];

export const figures: Figure[] = [
  ...seatFigures,
  ...(['assertionSigned', 'responseAndAssertionSigned'] as const).flatMap((set): Figure[] => {
    const label = set === 'assertionSigned' ? 'assertion signed' : 'Response and assertion signed';
    // Issue 27 item 6: ≤ 0.9× node-saml with the assertion signed, ≤ 0.8× with both signed.
    const fullGoal = set === 'assertionSigned' ? 0.9 : 0.8;
    const peer = {
      name: `node-saml validatePostResponseAsync (${label})`,
      path: `${set}.nodeSamlMsPerResponse`,
    };
    return [
      {
        bench: 'saml',
        name: `ACS full path (worker hop, checks, InResponseTo, replay), ${label}`,
        path: `${set}.ourFullPathMsPerResponse`,
        unit: 'ms/response',
        peer,
        goal: { text: `≤ ${fullGoal}× node-saml`, met: (_, ratio) => ratio !== null && ratio <= fullGoal },
      },
      {
        bench: 'saml',
        name: `ACS full path ÷ node-saml, ${label} (median of 5 interleaved rounds; min–max in the JSON's rounds)`,
        path: `${set}.fullPathToNodeSaml`,
        unit: '×',
        issueGoal: '27.6',
        goal: { text: `≤ ${fullGoal}`, met: (value) => value <= fullGoal },
      },
      {
        bench: 'saml',
        name: `SAML verify half (schema, signatures, facts), ${label}`,
        path: `${set}.ourVerifyMsPerResponse`,
        unit: 'ms/response',
        peer,
        goal: { text: '≤ 0.95× node-saml', met: (_, ratio) => ratio !== null && ratio <= 0.95 },
      },
    ];
  }),
  { bench: 'saml', name: 'ACS over HTTP, 8 concurrent', path: 'acsOverHttp.perSecond', unit: 'responses/s' },
  {
    bench: 'saml',
    name: 'check-in p99 under ACS load',
    path: 'checkInLatencyMs.underAcsLoad.p99',
    unit: 'ms',
    peer: { name: 'check-in p99 idle', path: 'checkInLatencyMs.idle.p99' },
    goal: { text: '≤ 2× idle', met: (_, ratio) => ratio !== null && ratio <= 2 },
  },
  {
    bench: 'saml',
    name: 'RSS after 1,000 ACS validations (a process of its own)',
    issueGoal: '27.5',
    path: 'rssMiB.after1000Validations',
    unit: 'MiB',
    goal: { text: '≤ 300 MiB', met: (value) => value <= 300 },
  },
  {
    bench: 'saml',
    name: 'RSS after 10,000 ACS validations (same process)',
    issueGoal: '27.5',
    path: 'rssMiB.after10000Validations',
    unit: 'MiB',
    peer: { name: 'after 1,000', path: 'rssMiB.after1000Validations' },
    goal: { text: 'flat: ≤ 1.1× after 1,000', met: (_, ratio) => ratio !== null && ratio <= 1.1 },
  },
  {
    bench: 'saml',
    name: 'a verify worker’s V8 heap after 10,000 ACS validations',
    path: 'memory.afterAllValidations.verifyWorkerMiB.heapTotal',
    unit: 'MiB',
  },
  {
    bench: 'scim',
    name: 'SCIM provisioning as Okta does it (users + groups)',
    path: 'scimProvisioning.wallSeconds',
    unit: 's',
  },
  {
    bench: 'scim',
    name: 'SCIM provisioning requests',
    path: 'scimProvisioning.requestsPerSecond',
    unit: 'requests/s',
  },
  {
    bench: 'scim',
    name: 'group member add p50, largest group vs smallest',
    path: 'largestToSmallestP50',
    unit: '×',
    goal: { text: '≤ 2× (membership as rows: no whole-group rewrite)', met: (v) => v <= 2 },
  },
  {
    bench: 'scim-concurrency',
    name: 'member-add PATCHes, 10 writers to one group, PostgreSQL',
    path: 'scimConcurrentPatchPostgres.tenWritersOneGroup.patchesPerSecond',
    unit: 'PATCH/s',
    peer: { name: 'one writer', path: 'scimConcurrentPatchPostgres.oneWriter.patchesPerSecond' },
  },
  {
    bench: 'licensing',
    name: 'check-ins, SQLite (in-process, 16 concurrent)',
    path: 'checkIns.sqlite.perSecond',
    unit: 'check-ins/s',
    goal: { text: '≥ 3,000/s on 2 cores', met: (v) => v >= 3000 },
  },
  {
    bench: 'licensing',
    name: 'check-ins, PostgreSQL (in-process, 16 concurrent)',
    path: 'checkIns.postgres.perSecond',
    unit: 'check-ins/s',
  },
  {
    bench: 'licensing',
    name: 'check-ins over HTTP with SSO access tokens, SQLite (in-process service, 16 concurrent)',
    path: 'checkIns.sqlite.overHttp.checkInsPerSecond',
    unit: 'requests/s',
    peer: { name: 'GET /healthz, measured the same way', path: 'checkIns.sqlite.overHttp.healthzPerSecond' },
  },
  {
    bench: 'licensing',
    name: 'check-ins over HTTP with SSO access tokens, PostgreSQL (in-process service, 16 concurrent)',
    path: 'checkIns.postgres.overHttp.checkInsPerSecond',
    unit: 'requests/s',
    peer: {
      name: 'GET /healthz, measured the same way',
      path: 'checkIns.postgres.overHttp.healthzPerSecond',
    },
  },
  {
    bench: 'licensing',
    name: 'caller lookup: finding the access token (oidc-provider unseals it), SQLite',
    path: 'checkIns.sqlite.overHttp.accessTokenFindMs',
    unit: 'ms',
    peer: { name: 'one whole check-in (domain path), same run', path: 'checkIns.sqlite.overHttp.checkInMs' },
  },
  // Issue 27 item 2: the app's SSO access token vs an activation secret, same database, same run
  // (bench/token-vs-secret.ts: interleaved passes, the median of 5 rounds' ratios with min–max).
  ...(
    [
      ['sqlite', 'SQLite'],
      ['postgres', 'PostgreSQL'],
    ] as const
  ).flatMap(([db, label]): Figure[] => [
    {
      bench: 'licensing',
      name: `check-ins with SSO access token vs activation secret, same database same run, ${label} (in-process service over HTTP, 16 concurrent)`,
      path: `checkIns.${db}.tokenVsSecret.tokenToSecret`,
      unit: '×',
      issueGoal: '27.2',
      goal: { text: '≥ 0.8× activation secret', met: (v) => v >= 0.8 },
    },
    {
      bench: 'licensing',
      name: `check-ins with a DPoP-bound SSO access token (proof checked, jti written) vs activation secret, ${label}`,
      path: `checkIns.${db}.tokenVsSecret.dpopTokenToSecret`,
      unit: '×',
      issueGoal: '27.2',
      // What the app sends: its tokens are always bound to the device's key (docs/device-tokens.md).
      goal: { text: '≥ 0.8× activation secret', met: (v) => v >= 0.8 },
    },
    {
      bench: 'licensing',
      name: `caller lookup: the access token's row with its user (one read), ${label}`,
      path: `checkIns.${db}.tokenVsSecret.lookupMs.presentedAccessToken`,
      unit: 'ms',
      peer: {
        name: "oidc-provider's AccessToken.find, same run",
        path: `checkIns.${db}.tokenVsSecret.lookupMs.accessTokenFind`,
      },
    },
    {
      bench: 'licensing',
      name: `DPoP replay write (one jti insert, RFC 9449 §11.1), ${label}`,
      path: `checkIns.${db}.tokenVsSecret.dpopMs.replayWrite`,
      unit: 'ms',
      peer: {
        name: 'one whole check-in (domain path), same run',
        path: `checkIns.${db}.tokenVsSecret.dpopMs.checkIn`,
      },
    },
  ]),
  { bench: 'licensing', name: 'one license signature', path: 'licenseSignMs', unit: 'ms' },
  { bench: 'licensing', name: 'one offline license verification', path: 'offlineVerifyMs', unit: 'ms' },
  {
    bench: 'licensing',
    name: 'one offline verification as the app does it (key certificate under the root, then the license)',
    path: 'offlineVerifyUnderRootMs',
    unit: 'ms',
    peer: { name: 'bare license verification, same run', path: 'offlineVerifyMs' },
  },
  {
    bench: 'http-checkin',
    name: 'check-ins over HTTP from a second process (wrk, 16 connections), SQLite, serve --workers 2',
    path: 'sqlite.checkIns.perSecond',
    unit: 'requests/s',
    peer: { name: 'GET /healthz, same load', path: 'sqlite.healthz.perSecond' },
    goal: { text: '≥ 3,000 check-ins/s on 2 cores', met: (v) => v >= 3000 },
  },
  {
    bench: 'http-checkin',
    name: 'check-ins over HTTP, SQLite, one process (serve --workers 1)',
    path: 'sqlite.byWorkers.1.checkIns.perSecond',
    unit: 'requests/s',
    peer: { name: 'GET /healthz, same load', path: 'sqlite.byWorkers.1.healthz.perSecond' },
  },
  {
    bench: 'http-checkin',
    name: 'check-ins over HTTP, PostgreSQL, serve --workers 2',
    path: 'postgres.checkIns.perSecond',
    unit: 'requests/s',
    peer: { name: 'GET /healthz, same load', path: 'postgres.healthz.perSecond' },
  },
  {
    bench: 'http-checkin',
    name: 'check-ins over HTTP, PostgreSQL, one process (serve --workers 1)',
    path: 'postgres.byWorkers.1.checkIns.perSecond',
    unit: 'requests/s',
    peer: { name: 'GET /healthz, same load', path: 'postgres.byWorkers.1.healthz.perSecond' },
  },
  {
    bench: 'http-checkin',
    name: 'check-in p99 over HTTP, SQLite',
    path: 'sqlite.checkIns.p99Ms',
    unit: 'ms',
  },
  { bench: 'desktop', name: 'SSO activation, whole chain, p50', path: 'ssoActivation.p50Ms', unit: 'ms' },
  {
    bench: 'desktop',
    name: 'check-in through the engine, p50',
    path: 'checkInThroughEngine.p50Ms',
    unit: 'ms',
  },
  {
    bench: 'desktop',
    name: 'app start with offline verification, p50',
    path: 'appStartOfflineVerify.p50Ms',
    unit: 'ms',
  },
  ...scaleFigures,
  ...issue27Figures,
];

/** One figure a benchmark printed: a number, or its own rounds' `{ median, min, max, runs }`. */
interface Reading {
  value: number;
  min: number;
  max: number;
  runs: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function readingAt(json: unknown, path: string): Reading | undefined {
  let at: unknown = json;
  for (const key of path.split('.')) {
    if (!at || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  if (finite(at)) return { value: at, min: at, max: at, runs: 1 };
  if (at && typeof at === 'object') {
    const { median, min, max, runs } = at as Record<string, unknown>;
    if (finite(median))
      return {
        value: median,
        min: finite(min) ? min : median,
        max: finite(max) ? max : median,
        runs: finite(runs) ? runs : 1,
      };
  }
  return undefined;
}

export function valueAt(json: unknown, path: string): number | undefined {
  return readingAt(json, path)?.value;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

const round = (v: number) => +v.toPrecision(6);

export interface Spread {
  min: number;
  max: number;
}

export interface Measured {
  bench: string;
  name: string;
  unit: string;
  /** The median over the runs. */
  value: number | null;
  peer: { name: string; value: number | null; spread?: Spread | null } | null;
  /** value / peer, the figure to quote when there is a peer: the median of the per-run ratios. */
  ratio: number | null;
  goal: string | null;
  /** Whether the median meets the goal. */
  met: boolean | null;
  /** How many runs the figure is the median of (absent in reports written before the spread). */
  runs?: number;
  /** The lowest and highest value over the runs. */
  spread?: Spread | null;
  ratioSpread?: Spread | null;
  /** The goal is met in every run (with margin), not only by the median (at the line). */
  metInEveryRun?: boolean | null;
  issueGoal?: string | null;
}

/** A figure over one or more runs of its benchmark (each run's JSON). */
export function measure(figure: Figure, runs: unknown): Measured {
  const jsons = Array.isArray(runs) ? (runs as unknown[]) : [runs];
  const readings = jsons.map((json) => readingAt(json, figure.path));
  const peers = jsons.map((json) => (figure.peer ? readingAt(json, figure.peer.path) : undefined));
  const values = readings.filter((r) => r !== undefined);
  const peerValues = peers.filter((r) => r !== undefined);
  const ratios = readings.flatMap((r, i) => {
    const p = peers[i];
    return r && p && p.value !== 0 ? [r.value / p.value] : [];
  });
  const spreadOf = (rs: Reading[]): Spread | null =>
    rs.length === 0
      ? null
      : { min: round(Math.min(...rs.map((r) => r.min))), max: round(Math.max(...rs.map((r) => r.max))) };
  const value = values.length > 0 ? round(median(values.map((r) => r.value))) : null;
  const peerValue = peerValues.length > 0 ? round(median(peerValues.map((r) => r.value))) : null;
  const paired = jsons.length === 1 && figure.ratioPath ? readingAt(jsons[0], figure.ratioPath) : undefined;
  const ratio = paired ? +paired.value.toFixed(2) : ratios.length > 0 ? +median(ratios).toFixed(2) : null;
  const met = figure.goal && value !== null ? figure.goal.met(value, ratio) : null;
  const everyRun =
    figure.goal && values.length > 0
      ? paired
        ? // Paired rounds: each round's ratio must meet the goal.
          [paired.min, paired.max].every((q) => figure.goal?.met(values[0]?.value ?? NaN, q) ?? false)
        : readings.every((r, i) => {
            if (!r) return false;
            const p = peers[i];
            // A benchmark's own rounds: the worse end of its spread must meet the goal too.
            return [r.value, r.min, r.max].every(
              (v) => figure.goal?.met(v, p && p.value !== 0 ? +(v / p.value).toFixed(2) : null) ?? false,
            );
          })
      : null;
  return {
    bench: figure.bench,
    name: figure.name,
    unit: figure.unit,
    value,
    peer: figure.peer ? { name: figure.peer.name, value: peerValue, spread: spreadOf(peerValues) } : null,
    ratio,
    goal: figure.goal?.text ?? null,
    met,
    // One run of a benchmark that did its own rounds counts its rounds.
    runs: jsons.length === 1 ? (values[0]?.runs ?? 0) : values.length,
    spread: spreadOf(values),
    ratioSpread: paired
      ? { min: +paired.min.toFixed(2), max: +paired.max.toFixed(2) }
      : ratios.length > 0
        ? { min: +Math.min(...ratios).toFixed(2), max: +Math.max(...ratios).toFixed(2) }
        : null,
    metInEveryRun: met === null ? null : met && everyRun === true,
    issueGoal: figure.issueGoal ?? null,
  };
}
