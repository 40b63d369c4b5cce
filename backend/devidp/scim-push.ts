// SCIM push simulator: provisions a directory into an account the way Okta
// and Entra ID do (DESIGN.md, "What the IdPs really send"). QA uses it to fill
// an account; the benchmark uses it as the load generator.
import type { Directory, DirectoryUser } from './directory.ts';

export type Vendor = 'okta' | 'entra';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface PushOptions {
  scimUrl: string;
  token: string;
  vendor: Vendor;
  /** Requests in flight at once. */
  concurrency?: number;
}

export interface PushReport {
  vendor: Vendor;
  requests: number;
  failures: { request: string; status: number; detail: string }[];
  usersCreated: number;
  usersUpdated: number;
  groupsCreated: number;
  membershipsAdded: number;
  ms: number;
}

const emptyReport = (vendor: Vendor): PushReport => ({
  vendor,
  requests: 0,
  failures: [],
  usersCreated: 0,
  usersUpdated: 0,
  groupsCreated: 0,
  membershipsAdded: 0,
  ms: 0,
});

type Send = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function client(options: PushOptions, report: PushReport): Send {
  return async (method, path, body) => {
    report.requests += 1;
    const send = () =>
      fetch(options.scimUrl + path, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(body !== undefined && { 'content-type': 'application/scim+json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    let res = await send();
    // Like Okta and Entra: a 429 is waited out (Retry-After), not a failure.
    for (let retry = 0; res.status === 429 && retry < 20; retry++) {
      await res.arrayBuffer();
      await sleep(Math.min(10, Number(res.headers.get('retry-after')) || 1) * 1000);
      res = await send();
    }
    const text = await res.text();
    const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (res.status >= 400) {
      report.failures.push({
        request: `${method} ${path}`,
        status: res.status,
        detail: String(parsed.detail ?? text),
      });
    }
    return { status: res.status, body: parsed };
  };
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(runners);
}

const q = (filter: string) => encodeURIComponent(filter);

function userBody(u: DirectoryUser, vendor: Vendor) {
  return {
    schemas: [USER],
    userName: u.userName,
    externalId: u.externalId,
    // Entra sends booleans as strings in several places.
    active: vendor === 'entra' ? (u.active ? 'True' : 'False') : u.active,
    name: { givenName: u.givenName, familyName: u.familyName },
    displayName: [u.givenName, u.familyName].filter(Boolean).join(' ') || u.userName,
    ...(u.email && { emails: [{ primary: true, type: 'work', value: u.email }] }),
  };
}

async function pushUser(
  send: Send,
  u: DirectoryUser,
  vendor: Vendor,
  report: PushReport,
): Promise<string | undefined> {
  const lookup =
    vendor === 'okta'
      ? await send('GET', `/Users?filter=${q(`userName eq "${u.userName}"`)}&startIndex=1&count=100`)
      : await send('GET', `/Users?filter=${q(`userName eq "${u.userName}"`)}`);
  const existing = (lookup.body.Resources as { id: string }[] | undefined)?.[0];
  if (!existing) {
    const created = await send('POST', '/Users', userBody(u, vendor));
    if (created.status === 201) report.usersCreated += 1;
    return created.body.id as string | undefined;
  }
  if (vendor === 'okta') {
    // Okta updates with PUT and deactivates with a path-less replace.
    await send('PUT', `/Users/${existing.id}`, userBody(u, vendor));
    if (!u.active)
      await send('PATCH', `/Users/${existing.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', value: { active: false } }],
      });
  } else {
    await send('PATCH', `/Users/${existing.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'displayName', value: userBody(u, vendor).displayName },
        { op: 'Replace', path: 'active', value: u.active ? 'True' : 'False' },
      ],
    });
  }
  report.usersUpdated += 1;
  return existing.id;
}

export async function pushDirectory(directory: Directory, options: PushOptions): Promise<PushReport> {
  const started = performance.now();
  const report = emptyReport(options.vendor);
  const send = client(options, report);
  const concurrency = options.concurrency ?? 4;
  const ids = new Map<string, string>();
  await inParallel(directory.users, concurrency, async (u) => {
    const id = await pushUser(send, u, options.vendor, report);
    if (id) ids.set(u.userName, id);
  });

  await inParallel(directory.groups, concurrency, async (g) => {
    const lookup = await send(
      'GET',
      `/Groups?filter=${q(`displayName eq "${g.displayName}"`)}` +
        (options.vendor === 'entra' ? '&excludedAttributes=members' : ''),
    );
    let groupId = (lookup.body.Resources as { id: string }[] | undefined)?.[0]?.id;
    let current = new Set<string>();
    if (groupId) {
      const got = await send('GET', `/Groups/${groupId}`);
      current = new Set(((got.body.members as { value: string }[] | undefined) ?? []).map((m) => m.value));
    } else {
      const created = await send('POST', '/Groups', {
        schemas: [GROUP],
        displayName: g.displayName,
        externalId: g.externalId,
        members: [],
      });
      groupId = created.body.id as string | undefined;
      if (created.status === 201) report.groupsCreated += 1;
    }
    if (!groupId) return;
    const wanted = g.members.flatMap((name) => ids.get(name) ?? []);
    const toAdd = wanted.filter((id) => !current.has(id)).map((value) => ({ value }));
    const toRemove = [...current].filter((id) => !wanted.includes(id));
    // Members go in PATCH batches of 100. Okta sends its removes and an add in one PATCH;
    // Entra removes with a value list.
    for (let i = 0; i < Math.max(toAdd.length, toRemove.length); i += 100) {
      const adds = toAdd.slice(i, i + 100);
      const removes = toRemove.slice(i, i + 100);
      const operations =
        options.vendor === 'okta'
          ? [
              ...removes.map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` })),
              ...(adds.length ? [{ op: 'add', path: 'members', value: adds }] : []),
            ]
          : [
              ...(removes.length
                ? [{ op: 'Remove', path: 'members', value: removes.map((value) => ({ value })) }]
                : []),
              ...(adds.length ? [{ op: 'Add', path: 'members', value: adds }] : []),
            ];
      const res = await send('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: operations });
      if (res.status < 300) report.membershipsAdded += adds.length;
    }
  });
  report.ms = Math.round(performance.now() - started);
  return report;
}

/** Deprovisions one user the vendor's way: Entra soft-deletes with active "False", Okta deactivates. */
export async function deprovisionUser(options: PushOptions, userName: string): Promise<number> {
  const report = emptyReport(options.vendor);
  const send = client(options, report);
  const found = await send('GET', `/Users?filter=${q(`userName eq "${userName}"`)}`);
  const id = (found.body.Resources as { id: string }[] | undefined)?.[0]?.id;
  if (!id) return 404;
  const op =
    options.vendor === 'entra'
      ? { op: 'Replace', path: 'active', value: 'False' }
      : { op: 'replace', value: { active: false } };
  return (await send('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [op] })).status;
}
