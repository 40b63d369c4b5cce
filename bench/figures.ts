// What the report reads out of each benchmark's JSON: each figure with its
// goal, and the peer measured in the same run where there is one. A figure
// whose path a benchmark no longer prints shows as "not measured" rather than
// failing the report.

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
] as const;
export type BenchName = (typeof benches)[number];

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
  },
  {
    bench: 'seats',
    name: `new activations per second, one tenant at 100,000 seats (key path, 8 at once), ${label}`,
    path: `${db}.newActivationsPerSecond`,
    unit: 'activations/s',
    goal: { text: '≥ 200/s', met: (v) => v >= 200 },
  },
]);

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
    path: 'rssMiB.after1000Validations',
    unit: 'MiB',
    goal: { text: '≤ 300 MiB', met: (value) => value <= 300 },
  },
  {
    bench: 'saml',
    name: 'RSS after 10,000 ACS validations (same process)',
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
      goal: { text: '≥ 0.8× activation secret', met: (v) => v >= 0.8 },
    },
    {
      bench: 'licensing',
      name: `check-ins with a DPoP-bound SSO access token (proof checked, jti written) vs activation secret, ${label}`,
      path: `checkIns.${db}.tokenVsSecret.dpopTokenToSecret`,
      unit: '×',
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
];

export function valueAt(json: unknown, path: string): number | undefined {
  let at: unknown = json;
  for (const key of path.split('.')) {
    if (!at || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
}

export interface Measured {
  bench: string;
  name: string;
  unit: string;
  value: number | null;
  peer: { name: string; value: number | null } | null;
  /** value / peer, the figure to quote when there is a peer. */
  ratio: number | null;
  goal: string | null;
  met: boolean | null;
}

export function measure(figure: Figure, json: unknown): Measured {
  const value = valueAt(json, figure.path) ?? null;
  const peerValue = figure.peer ? (valueAt(json, figure.peer.path) ?? null) : null;
  const ratio = value !== null && peerValue ? +(value / peerValue).toFixed(2) : null;
  return {
    bench: figure.bench,
    name: figure.name,
    unit: figure.unit,
    value,
    peer: figure.peer ? { name: figure.peer.name, value: peerValue } : null,
    ratio,
    goal: figure.goal?.text ?? null,
    met: figure.goal && value !== null ? figure.goal.met(value, ratio) : null,
  };
}
