// Issue 23 item 6, "One user's story": an admin asks "why did Alice lose her
// license?" and reads, newest first, her directory changes, group membership,
// sign-ins, activations, check-ins per day, refusals and revocations — paged by
// one cursor across all of them, and only within the admin's own account.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import type { TimelineEntry, UserTimelinePage } from '../../../common/console-timeline.ts';
import { logAttempt } from '../../../backend/access/activation-log.ts';
import { refuse } from '../../../backend/access/refuse.ts';
import { activateDevice, type LicensingContext } from '../../../backend/licensing/activations.ts';
import { checkIn } from '../../../backend/licensing/check-in.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const day = 86_400_000;

describeEachDatabase("one user's timeline", (dialect) => {
  let now = new Date('2026-03-02T08:00:00.000Z');
  const at = (iso: string) => {
    now = new Date(iso);
  };
  let service: TestService;
  let s: Awaited<ReturnType<typeof createScimAccount>>;
  let aliceId: string;
  let scim: ReturnType<typeof scimClient>;
  let deskId: string;

  beforeAll(async () => {
    service = await startTestService(dialect, { clock: { now: () => now } });
    const ctx: LicensingContext = {
      db: service.deps.database.db,
      clock: service.deps.clock,
      masterKey: service.deps.masterKey,
      publicUrl: service.deps.config.publicUrl,
      leaseMs: 14 * day,
      renewAfterMs: day,
    };
    s = await createScimAccount(service.baseUrl, 'okta');
    scim = scimClient(s.scimUrl, s.token);
    aliceId = (
      await scim<{ id: string }>('POST', '/Users', { schemas: [USER], userName: 'alice@story.example' })
    ).body.id;
    at('2026-03-02T08:01:00.000Z');
    const desk = await scim<{ id: string }>('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Desktop Users',
      externalId: 'grp-desktop',
      members: [{ value: aliceId }],
    });
    deskId = desk.body.id;
    await s.console.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Admins', id: 'grp-admins' },
      desktopUsersGroup: { name: 'Desktop Users', id: 'grp-desktop' },
    });
    await addLicense(
      ctx.db,
      ctx.clock,
      { accountId: s.accountId, edition: 'business', seats: 5, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
    at('2026-03-02T08:02:00.000Z');
    const scene = { accountId: s.accountId, email: 'alice@story.example', evidence: {} };
    await logAttempt(ctx.db, ctx.clock, { ...scene, stage: 'entitlement', outcome: 'success', code: null });
    at('2026-03-02T08:03:00.000Z');
    const issued = await activateDevice(ctx, s.accountId, aliceId, {
      deviceId: 'device-alice-0123456789abcdef',
      deviceName: "Alice's MacBook",
      os: 'macOS 15',
      appVersion: '1.0.0',
    });
    for (const time of [
      '2026-03-02T09:00',
      '2026-03-02T12:00',
      '2026-03-02T17:00',
      '2026-03-03T09:00',
      '2026-03-03T10:00',
    ]) {
      at(`${time}:00.000Z`);
      await checkIn(ctx, issued.activationId, aliceId);
    }
    // Okta removes her from the desktop group: the seat it gave her goes in the same request.
    at('2026-03-03T11:00:00.000Z');
    await scim('PATCH', `/Groups/${desk.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `members[value eq "${aliceId}"]` }],
    });
    at('2026-03-03T11:05:00.000Z');
    await expect(checkIn(ctx, issued.activationId, aliceId)).rejects.toThrow(LatchkeyError);
    await refuse(ctx.db, ctx.clock, new LatchkeyError('ACTIVATION_REVOKED', 'revoked', {}), {
      ...scene,
      stage: 'check-in',
    });
    // A day went by on the service's clock: the admin signs in again to read.
    await s.console.login(s.ownerEmail, 'correct horse battery');
  }, 60_000);
  afterAll(async () => service?.close());

  const timeline = (query = '') =>
    s.console.get<UserTimelinePage>(`/api/console/users/${aliceId}/timeline${query}`);

  /** The entries as "kind at" lines, the order an admin reads them in. */
  const lines = (items: TimelineEntry[]) => items.map((e) => `${e.kind} ${e.at}`);

  test('every source appears, newest first; the revocation sits above the SCIM removal that caused it', async () => {
    const res = await timeline();
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: aliceId, userName: 'alice@story.example' });
    expect(lines(res.body.items)).toEqual([
      'refusal 2026-03-03T11:05:00.000Z',
      'revocation 2026-03-03T11:00:00.000Z',
      'membership 2026-03-03T11:00:00.000Z',
      'check-ins 2026-03-03T09:00:00.000Z',
      'check-ins 2026-03-02T09:00:00.000Z',
      'activation 2026-03-02T08:03:00.000Z',
      'sign-in 2026-03-02T08:02:00.000Z',
      'membership 2026-03-02T08:01:00.000Z',
      'directory 2026-03-02T08:00:00.000Z',
    ]);
    const [refusal, revocation, removed, , , , , added, created] = res.body.items;
    expect(refusal).toMatchObject({ kind: 'refusal', code: 'ACTIVATION_REVOKED', stage: 'check-in' });
    expect(revocation).toMatchObject({ code: 'USER_NOT_IN_GROUP', deviceName: "Alice's MacBook" });
    expect(removed).toMatchObject({
      change: 'removed',
      group: 'Desktop Users',
      actor: { kind: 'scim', label: 'okta' },
    });
    expect(added).toMatchObject({ change: 'added', group: 'Desktop Users' });
    expect(created).toMatchObject({ action: 'scim.user_created', actor: { kind: 'scim', label: 'okta' } });
  });

  test('check-ins are summarised per device and day: how many, the first and the last', async () => {
    const days = (await timeline()).body.items.filter((e) => e.kind === 'check-ins');
    expect(days).toEqual([
      expect.objectContaining({
        day: '2026-03-03',
        count: 2,
        at: '2026-03-03T09:00:00.000Z',
        lastAt: '2026-03-03T10:00:00.000Z',
      }),
      expect.objectContaining({
        day: '2026-03-02',
        count: 3,
        at: '2026-03-02T09:00:00.000Z',
        lastAt: '2026-03-02T17:00:00.000Z',
      }),
    ]);
  });

  test('pages of 2 walk the whole timeline in the same order, nothing repeated or skipped', async () => {
    const all = (await timeline()).body.items;
    const walked: TimelineEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: UserTimelinePage } = await timeline(
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      walked.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(walked).toEqual(all);
  });

  test("another account's admin gets 404 for Alice; an unknown user 404; a forged cursor 400", async () => {
    const other = await createScimAccount(service.baseUrl, 'other');
    const res = await other.console.get(`/api/console/users/${aliceId}/timeline`);
    expect(res.status).toBe(404);
    expect((await s.console.get('/api/console/users/nobody/timeline')).status).toBe(404);
    const forged = Buffer.from(JSON.stringify(['2026-03-03T11:00:00.000Z', 4, 17])).toString('base64url');
    expect((await timeline(`?cursor=${forged}`)).status).toBe(400);
    expect((await timeline('?limit=100000')).status).toBe(400);
  });

  test('a PUT of the group writes only who really joined or left: sending the same members again writes nothing', async () => {
    at('2026-03-03T12:00:00.000Z');
    const bobId = (
      await scim<{ id: string }>('POST', '/Users', { schemas: [USER], userName: 'bob@story.example' })
    ).body.id;
    const put = (members: string[]) =>
      scim('PUT', `/Groups/${deskId}`, {
        schemas: [GROUP],
        displayName: 'Desktop Users',
        externalId: 'grp-desktop',
        members: members.map((value) => ({ value })),
      });
    await put([bobId]);
    at('2026-03-03T12:10:00.000Z');
    expect((await put([bobId])).status).toBe(200);
    const bob = await s.console.get<UserTimelinePage>(`/api/console/users/${bobId}/timeline`);
    expect(lines(bob.body.items)).toEqual([
      'membership 2026-03-03T12:00:00.000Z',
      'directory 2026-03-03T12:00:00.000Z',
    ]);
    expect(bob.body.items[0]).toMatchObject({ change: 'added', group: 'Desktop Users' });
    // Alice, already out of the group, is in neither PUT: her story did not change.
    expect((await timeline()).body.items[0]).toMatchObject({ kind: 'refusal' });
  });
});
