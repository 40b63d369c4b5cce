// Concurrent member-add PATCHes to one group on PostgreSQL (issue 11 item 2):
// 10 writers at once against the same number of PATCHes sent one at a time,
// in the same run. Every PATCH must be a 204 (they queue on the group's row
// lock). Needs a PostgreSQL URL: BENCH_PG_URL or LATCHKEY_TEST_PG_URL (a
// fresh database is created in it and dropped afterwards).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startBenchService } from './bench-service.ts';
import { createAccount } from '../backend/accounts/account-service.ts';
import { createScimToken } from '../backend/scim/scim-tokens.ts';

const base = process.env.BENCH_PG_URL ?? process.env.LATCHKEY_TEST_PG_URL;
const perRound = Number(process.env.BENCH_PATCHES ?? 400);
const writers = 10;

async function run() {
  if (!base) return { skipped: 'set BENCH_PG_URL (or LATCHKEY_TEST_PG_URL) to a PostgreSQL server' };
  const name = `lk_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const bench = await startBenchService('scim-concurrency', {
    DATABASE_URL: url.toString(),
    LATCHKEY_SCIM_RATE_LIMIT: '0',
  });
  try {
    const { db, clock, service } = bench;
    const account = await createAccount(
      db,
      clock,
      { name: 'concurrency', ownerEmail: 'owner@concurrency.example', ownerPassword: 'benchmark password' },
      'bench',
    );
    const { token } = await createScimToken(db, clock, account.id, 'bench', 'bench');
    const scim = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${service.url}/scim/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as { id: string } };
    };
    const users: string[] = [];
    for (let i = 0; i < perRound * 2; i++)
      users.push(
        (
          await scim('POST', '/Users', {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: `u${i}@c.example`,
          })
        ).body.id,
      );
    const addTo = (groupId: string, userId: string) =>
      scim('PATCH', `/Groups/${groupId}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Add', path: 'members', value: [{ value: userId }] }],
      });
    const round = async (label: string, ids: string[], concurrency: number) => {
      const group = await scim('POST', '/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: label,
      });
      let next = 0;
      let failures = 0;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < ids.length) {
            const id = ids[next++] ?? '';
            if ((await addTo(group.body.id, id)).status !== 204) failures++;
          }
        }),
      );
      const seconds = (performance.now() - t) / 1000;
      const members = await db
        .selectFrom('group_members')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('group_id', '=', group.body.id)
        .executeTakeFirstOrThrow();
      return {
        patches: ids.length,
        failures,
        members: Number(members.n),
        patchesPerSecond: Math.round(ids.length / seconds),
      };
    };
    const sequential = await round('one writer', users.slice(0, perRound), 1);
    const concurrent = await round('ten writers', users.slice(perRound), writers);
    return {
      oneWriter: sequential,
      tenWritersOneGroup: concurrent,
      tenToOneRatio: +(concurrent.patchesPerSecond / sequential.patchesPerSecond).toFixed(2),
    };
  } finally {
    await bench.stop();
    // pg's pool.end() resolves before its sockets are gone, and its pool has no
    // error listener: a forced drop now would kill this process. Wait for them.
    for (let i = 0; i < 50; i++) {
      const open = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
        name,
      ]);
      if ((open.rows[0] as { n: number }).n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

console.log(
  JSON.stringify(
    { scimConcurrentPatchPostgres: await run().catch((err: unknown) => ({ failed: String(err) })) },
    null,
    2,
  ),
);
