// SCIM benchmark (npm run bench): full Okta-style provisioning of 10,000
// users and 100 groups over loopback HTTP, then add-member PATCH latency in
// groups of 10, 1,000 and 50,000 members. SQLite, one service in-process.
import { randomUUID } from 'node:crypto';
import { startBenchService } from './bench-service.ts';
import { createAccount } from '../backend/accounts/account-service.ts';
import { newUserRow } from '../backend/db/user-row.ts';
import { syntheticDirectory } from '../backend/devidp/directory.ts';
import { pushDirectory } from '../backend/devidp/scim-push.ts';
import { createScimToken } from '../backend/scim/scim-tokens.ts';

const users = Number(process.env.BENCH_SCIM_USERS ?? 10_000);
const groups = Number(process.env.BENCH_SCIM_GROUPS ?? 100);
const sizes = (process.env.BENCH_GROUP_SIZES ?? '10,1000,50000').split(',').map(Number);
const samples = 200;

// The per-account request limit is off: this measures the service, not the limit.
const bench = await startBenchService('bench', { LATCHKEY_SCIM_RATE_LIMIT: '0' });
const { service, db, clock } = bench;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function newAccount(label: string) {
  const account = await createAccount(
    db,
    clock,
    { name: label, ownerEmail: `owner@${label}.example`, ownerPassword: 'benchmark password' },
    'bench',
  );
  const { token } = await createScimToken(db, clock, account.id, 'bench', 'bench');
  return { accountId: account.id, token, scimUrl: `${service.url}/scim/v2` };
}

// 1. Full provisioning.
const a = await newAccount('provision');
const report = await pushDirectory(syntheticDirectory(users, groups), {
  ...a,
  vendor: 'okta',
  concurrency: 8,
});
const provisioning = {
  users,
  groups,
  wallSeconds: +(report.ms / 1000).toFixed(1),
  requests: report.requests,
  requestsPerSecond: Math.round(report.requests / (report.ms / 1000)),
  failures: report.failures.length,
  peakRssMiB: Math.round(peakRss / 1048576),
};

// 2. Add-member latency by group size. Groups are filled directly in the
// database (the PATCH under test is what goes over HTTP).
const b = await newAccount('membership');
const now = new Date().toISOString();
const maxSize = Math.max(...sizes);
const userIds: string[] = [];
for (let start = 0; start < maxSize + samples; start += 500) {
  const rows = Array.from({ length: Math.min(500, maxSize + samples - start) }, (_, k) => {
    const row = newUserRow(
      { accountId: b.accountId, userName: `m${start + k}@members.example`, source: 'scim', now },
      { scim_resource: '{}' },
    );
    userIds.push(row.id);
    return row;
  });
  await db.insertInto('account_users').values(rows).execute();
}
const latency: Record<string, { p50Ms: number; p95Ms: number }> = {};
for (const size of sizes) {
  const groupId = randomUUID();
  await db
    .insertInto('groups')
    .values({
      id: groupId,
      account_id: b.accountId,
      display_name: `size ${size}`,
      display_name_key: `size ${size}`,
      external_id: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (let start = 0; start < size; start += 500) {
    const rows = userIds.slice(start, Math.min(size, start + 500)).map((user_id) => ({
      group_id: groupId,
      user_id,
      account_id: b.accountId,
      display: null,
      added_at: now,
    }));
    await db.insertInto('group_members').values(rows).execute();
  }
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    const res = await fetch(`${b.scimUrl}/Groups/${groupId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [{ value: userIds[maxSize + i] }] }],
      }),
    });
    await res.arrayBuffer();
    if (res.status !== 204) throw new Error(`PATCH returned ${res.status}`);
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  latency[String(size)] = {
    p50Ms: +(times[Math.floor(samples / 2)] ?? 0).toFixed(2),
    p95Ms: +(times[Math.floor(samples * 0.95)] ?? 0).toFixed(2),
  };
}
const smallest = latency[String(Math.min(...sizes))]?.p50Ms ?? 1;
const largest = latency[String(maxSize)]?.p50Ms ?? 0;

clearInterval(sampler);
await bench.stop();
console.log(
  JSON.stringify(
    {
      scimProvisioning: provisioning,
      addMemberLatency: latency,
      largestToSmallestP50: +(largest / smallest).toFixed(2),
    },
    null,
    2,
  ),
);
