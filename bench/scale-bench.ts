// Scale benchmark (issue 23 item 9): the 100,000-user tenant (scale-tenant.ts)
// written directly in the database, then measured over HTTP against
// `latchkey-server serve --workers 1` in its own process: p95 of each console
// list page and filter and of the SCIM reads an IdP makes, against the goal
// (≤ 50 ms on SQLite, ≤ 100 ms on PostgreSQL); a device check-in's p99 idle
// and while the slowest console request runs in a loop on the same process;
// that process's RSS after a walk of every console list.
//
// Lists are asked as issue 23 pages them: `?limit=&cursor=` answered with
// `{ items, nextCursor }` (common/console-api.ts Page<T>). A build whose route
// still answers another shape is measured on the route it has (the row says
// which: `shape: "old"` and the path used); a filter it does not have is "not
// on this build". SQLite always; PostgreSQL when BENCH_PG_URL or
// LATCHKEY_TEST_PG_URL is set. BENCH_SCALE=0.1 builds a tenth of the tenant.
import { freshPostgresDatabase, startBenchService } from './bench-service.ts';
import { buildScaleTenant, fullSize, type ScaleSize, type ScaleTenant } from './scale-tenant.ts';
import { consoleSession, percentile, rssOf, timedGet } from './scale-http.ts';
import { startServeProcesses } from './serve-processes.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const size: ScaleSize = {
  users: Math.round(fullSize.users * scale),
  groupMembers: Math.round(fullSize.groupMembers * scale),
  activations: Math.round(fullSize.activations * scale),
  attempts: Math.round(fullSize.attempts * scale),
  audit: Math.round(fullSize.audit * scale),
  checkInDevices: fullSize.checkInDevices,
};
const maxSamples = Number(process.env.BENCH_SCALE_SAMPLES ?? 30);
// BENCH_SCALE_ROWS=scim (prefixes of row keys, comma separated) measures only those rows, without
// the check-in and RSS parts: for a quick look at a few rows while developing.
const rowPrefixes = process.env.BENCH_SCALE_ROWS?.split(',').filter(Boolean);
const chosenRow = (spec: RowSpec) => !rowPrefixes || rowPrefixes.some((p) => spec.key.startsWith(p));
const rowBudgetMs = 12_000;
const say = (line: string) => process.stderr.write(`scale: ${line}\n`);

/** One measured row: the paths tried in order (the first is issue 23's page; later ones what older builds have). */
interface RowSpec {
  key: string;
  paths: string[];
}

interface RowResult {
  path?: string;
  shape?: 'page' | 'old' | 'scim';
  status?: number;
  p50Ms?: number;
  p95Ms?: number;
  samples?: number;
  bytes?: number;
  note?: string;
}

function shapeOf(text: string): 'page' | 'old' {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    // `{ items, nextCursor }`, or a list that kept its own key beside `nextCursor` (`{ users, nextCursor }`).
    return 'nextCursor' in body ? 'page' : 'old';
  } catch {
    return 'old';
  }
}

async function sample(url: string, headers: Record<string, string>): Promise<RowResult> {
  const first = await timedGet(url, headers);
  if (first.status >= 400) return { status: first.status };
  const times: number[] = [];
  const started = performance.now();
  while (times.length < maxSamples && (times.length < 3 || performance.now() - started < rowBudgetMs))
    times.push((await timedGet(url, headers)).ms);
  times.sort((a, b) => a - b);
  return {
    status: first.status,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    samples: times.length,
    bytes: first.bytes,
    shape: url.includes('/scim/v2/') ? 'scim' : shapeOf(first.text),
  };
}

async function measureRow(base: string, headers: Record<string, string>, spec: RowSpec): Promise<RowResult> {
  let last: RowResult = {};
  for (const [i, path] of spec.paths.entries()) {
    const result = await sample(base + path, headers);
    // An older route may ignore a parameter it does not know (a search answered with every user):
    // an answer in the old shape gives way to the next path when there is one.
    const fallback = result.shape === 'old' && i < spec.paths.length - 1;
    if (result.p95Ms !== undefined && !fallback) return { path, ...result };
    last = { path, ...result };
  }
  return { ...last, note: `not on this build (HTTP ${last.status ?? '?'})` };
}

// Pages of 100 to walk with: within the limit every console list takes.
const walkPage = 100;

/** A cursor `rows` deep into a list, or undefined when the list does not page with cursors. */
async function deepCursor(base: string, headers: Record<string, string>, path: string, rows: number) {
  let cursor: string | null = null;
  for (let seen = 0; seen < rows; seen += walkPage) {
    const res = await timedGet(
      `${base}${path}?limit=${walkPage}${cursor ? `&cursor=${cursor}` : ''}`,
      headers,
    );
    if (res.status !== 200 || shapeOf(res.text) !== 'page') return undefined;
    cursor = (JSON.parse(res.text) as { nextCursor: string | null }).nextCursor;
    if (!cursor) return undefined;
  }
  return cursor ?? undefined;
}

function rowSpecs(t: ScaleTenant, deep: string | undefined, daysAgo: (d: number) => string): RowSpec[] {
  const email = encodeURIComponent(t.sampleEmail);
  // Searches type the start of a name (the console's search rule): a whole local part finds one
  // user, a first name thousands; an email's start in the log, a short prefix the weak case.
  const localPart = encodeURIComponent(t.sampleEmail.split('@')[0] ?? '');
  const firstName = encodeURIComponent(t.sampleEmail.split('.')[0] ?? '');
  const range = `from=${encodeURIComponent(daysAgo(60))}&to=${encodeURIComponent(daysAgo(59))}`;
  return [
    { key: 'usersFirstPage', paths: ['/api/console/users?limit=50', '/api/console/users'] },
    { key: 'usersDeepPage', paths: deep ? [`/api/console/users?limit=50&cursor=${deep}`] : [] },
    {
      key: 'usersSearch',
      paths: [`/api/console/users?q=${localPart}&limit=50`, `/api/console/directory/users?q=${localPart}`],
    },
    { key: 'usersSearchWide', paths: [`/api/console/users?q=${firstName}&limit=50`] },
    {
      key: 'devicesByLicense',
      paths: [`/api/console/activations?license=${t.desktopLicenseId}&limit=50`, '/api/console/activations'],
    },
    { key: 'devicesByUser', paths: [`/api/console/activations?user=${t.sampleUserId}&limit=50`] },
    { key: 'logFirstPage', paths: ['/api/console/attempts?limit=50'] },
    {
      key: 'logByEmail',
      paths: [`/api/console/attempts?email=${email}&limit=50`],
    },
    { key: 'logByEmailPrefix', paths: [`/api/console/attempts?email=${firstName}&limit=50`] },
    {
      key: 'logByCode',
      paths: [`/api/console/attempts?code=${t.sampleCode}&limit=50`],
    },
    {
      key: 'logByDateRange',
      paths: [`/api/console/attempts?${range}&limit=50`],
    },
    { key: 'auditFirstPage', paths: ['/api/console/audit?limit=50'] },
    { key: 'usageFirstPage', paths: ['/api/console/usage?limit=50'] },
    { key: 'usageIdle', paths: ['/api/console/usage?idleFor=30&limit=50'] },
    { key: 'usageSearch', paths: [`/api/console/usage?q=${localPart}&limit=50`] },
    { key: 'usageByGroup', paths: [`/api/console/usage?group=${t.desktopGroupId}&limit=50`] },
  ];
}

const scimRows = (t: ScaleTenant, users: number): RowSpec[] => [
  { key: 'scimUsersPage1', paths: ['/scim/v2/Users?startIndex=1&count=100'] },
  {
    key: 'scimUsersPage501',
    paths: [`/scim/v2/Users?startIndex=${Math.min(50_001, Math.max(1, users - 99))}&count=100`],
  },
  {
    key: 'scimGroupWithoutMembers',
    paths: [`/scim/v2/Groups/${t.desktopGroupId}?excludedAttributes=members`],
  },
];

/** p99 of `count` sequential check-ins (or as many as fit in `budgetMs`) over the tenant's key devices. */
async function checkInP99(
  base: string,
  devices: ScaleTenant['checkInDevices'],
  count: number,
  budgetMs: number,
) {
  const times: number[] = [];
  let failures = 0;
  const started = performance.now();
  for (let i = 0; i < count && performance.now() - started < budgetMs; i++) {
    const d = devices[i % devices.length];
    if (!d) break;
    const t = performance.now();
    const res = await fetch(`${base}/api/v1/activations/${d.id}/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${d.secret}` },
    });
    await res.arrayBuffer();
    if (res.status !== 200) failures += 1;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), checkIns: times.length, failures };
}

/** Every console list read page by page to its end (or for `budgetMs`), as an admin scrolling would. */
async function walkLists(base: string, headers: Record<string, string>, budgetMs: number) {
  const pages: Record<string, number> = Object.create(null) as Record<string, number>;
  const lists = [
    '/api/console/users',
    '/api/console/activations',
    '/api/console/attempts',
    '/api/console/audit',
    '/api/console/usage',
  ];
  for (const list of lists) {
    const started = performance.now();
    let cursor: string | null = null;
    let n = 0;
    do {
      const res = await timedGet(
        `${base}${list}?limit=${walkPage}${cursor ? `&cursor=${cursor}` : ''}`,
        headers,
      );
      n += 1;
      if (res.status === 400 && n === 1) {
        // A build without `limit` on this list: its whole answer is the walk.
        await timedGet(`${base}${list}`, headers);
        break;
      }
      cursor =
        res.status === 200 && shapeOf(res.text) === 'page'
          ? (JSON.parse(res.text) as { nextCursor: string | null }).nextCursor
          : null;
    } while (cursor && performance.now() - started < budgetMs);
    pages[list] = n;
  }
  return pages;
}

async function run(databaseUrl?: string) {
  const bench = await startBenchService('scale', {
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    LATCHKEY_SCIM_RATE_LIMIT: '0',
  });
  try {
    const dialect = bench.service.deps.database.dialect;
    say(
      `${dialect}: building ${size.users} users, ${size.activations} activations, ${size.attempts} log rows …`,
    );
    const started = performance.now();
    const tenant = await buildScaleTenant(bench.service.deps, size, (l) => say(`${dialect}: ${l}`));
    const buildSeconds = +((performance.now() - started) / 1000).toFixed(1);
    say(`${dialect}: built in ${buildSeconds} s`);
    const now = bench.service.deps.clock.now().getTime();
    await bench.service.stop();

    const served = await startServeProcesses({
      dataDir: bench.dir,
      databaseUrl,
      workers: 1,
      env: { LATCHKEY_SCIM_RATE_LIMIT: '0' },
    });
    try {
      const base = served.url;
      const headers = await consoleSession(base, tenant.ownerEmail, tenant.ownerPassword);
      const scimHeaders = { authorization: `Bearer ${tenant.scimToken}` };
      const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();
      const deep = chosenRow({ key: 'usersDeepPage', paths: [] })
        ? await deepCursor(base, headers, '/api/console/users', Math.floor(size.users / 2))
        : undefined;
      const rows: Record<string, RowResult> = Object.create(null) as Record<string, RowResult>;
      for (const spec of rowSpecs(tenant, deep, daysAgo).filter(chosenRow)) {
        rows[spec.key] =
          spec.paths.length === 0
            ? { note: 'not on this build (no cursor paging)' }
            : await measureRow(base, headers, spec);
        say(`${dialect}: ${spec.key} ${JSON.stringify(rows[spec.key])}`);
      }
      for (const spec of scimRows(tenant, size.users).filter(chosenRow)) {
        rows[spec.key] = await measureRow(base, scimHeaders, spec);
        say(`${dialect}: ${spec.key} ${JSON.stringify(rows[spec.key])}`);
      }
      // The large group read whole: its size (or the refusal) is the finding, not its time.
      const whole = await timedGet(`${base}/scim/v2/Groups/${tenant.desktopGroupId}`, scimHeaders);
      const scimGroupWhole = {
        status: whole.status,
        ms: +whole.ms.toFixed(1),
        bytes: whole.bytes,
        ...(whole.status >= 400 && { scimType: (JSON.parse(whole.text) as { scimType?: string }).scimType }),
      };

      if (rowPrefixes) return { dialect, size, buildSeconds, build: tenant.seconds, rows, scimGroupWhole };
      // Check-ins idle, then while the slowest console request loops (two at a time) on the same process.
      const idle = await checkInP99(base, tenant.checkInDevices, 400, 30_000);
      const consoleRows = Object.entries(rows).filter(
        ([k, r]) => !k.startsWith('scim') && r.p95Ms !== undefined,
      );
      const [slowKey, slowRow] = consoleRows.sort((a, b) => (b[1].p95Ms ?? 0) - (a[1].p95Ms ?? 0))[0] ?? [];
      let loading = Boolean(slowRow?.path);
      const loops = loading
        ? [0, 1].map(async () => {
            while (loading) await timedGet(base + (slowRow?.path ?? ''), headers);
          })
        : [];
      const loaded = await checkInP99(base, tenant.checkInDevices, 400, 30_000);
      loading = false;
      await Promise.all(loops);
      const checkIn = {
        idle,
        underLoad: loaded,
        loadedBy: slowKey ?? null,
        loadedByPath: slowRow?.path ?? null,
        underLoadToIdleP99: +(loaded.p99Ms / idle.p99Ms).toFixed(2),
      };
      say(`${dialect}: check-in ${JSON.stringify(checkIn)}`);

      const walked = await walkLists(base, headers, 60_000);
      const rss = served.pid ? await rssOf(served.pid) : null;
      say(`${dialect}: rss after walk ${JSON.stringify(rss)} (pages ${JSON.stringify(walked)})`);
      return {
        dialect,
        size,
        buildSeconds,
        build: tenant.seconds,
        rows,
        scimGroupWhole,
        checkIn,
        walk: { pages: walked, rssMiB: rss?.rssMiB ?? null, peakRssMiB: rss?.peakMiB ?? null },
      };
    } finally {
      await served.stop();
    }
  } finally {
    await bench.stop();
  }
}

const sqlite = await run();
const pgUrl = process.env.BENCH_PG_URL ?? process.env.LATCHKEY_TEST_PG_URL;
async function runPostgres(serverUrl: string) {
  const database = await freshPostgresDatabase(serverUrl);
  try {
    return await run(database.url);
  } finally {
    await database.drop();
  }
}
const postgres = pgUrl ? await runPostgres(pgUrl) : { skipped: 'set BENCH_PG_URL to measure PostgreSQL' };
console.log(JSON.stringify({ scale, sqlite, postgres }, null, 2));
