// Reclamation (issue 23 item 2) on each database: the policy's validation, the
// preview that counts exactly what a run releases, a run that keeps a device
// checking in during it, the check-in answer with its code and the days in the
// user's words, and a released seat taken again at once.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ReclamationPreview, ReclamationRun } from '../../../common/console-api.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { runReclamation } from '../../../backend/licensing/reclamation.ts';
import { tickReclamation } from '../../../backend/licensing/reclamation-job.ts';
import { renewJobLease, takeJobLease } from '../../../backend/db/job-lease.ts';
import { createLogger } from '../../../backend/log.ts';
import { failureView } from '../../../main/core/activation/failure-view.ts';
import { LicensingClient } from '../../../main/core/licensing/licensing-client.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

type Issued = { activationId: string; activationSecret: string };
const day = 86_400_000;

describeEachDatabase('reclamation of silent devices', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;
  let accountId: string;

  beforeAll(async () => {
    service = await startTestService(dialect);
    owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Idle Shop', 'owner@idle.example', 'correct horse battery');
    await owner.login('owner@idle.example', 'correct horse battery');
  });
  afterAll(async () => service?.close());

  const db = () => service.deps.database.db;
  const newLicense = async (seats: number, deviceLimit = 3) =>
    addLicense(
      db(),
      service.deps.clock,
      { accountId, edition: 'business', seats, deviceLimit, expiresAt: '2099-01-01' },
      'test',
    );
  const activate = async (key: string, email: string, device: string) => {
    const res = await fetch(`${service.baseUrl}/api/v1/activations/by-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        licenseKey: key,
        email,
        deviceId: `idle-device-${device}-0123456789`,
        deviceName: `Mac ${device}`,
        os: 'macOS 15',
        appVersion: '1.0.0',
      }),
    });
    return { status: res.status, body: (await res.json()) as Issued & { error?: { code: string } } };
  };
  const checkIn = (a: Issued) =>
    fetch(`${service.baseUrl}/api/v1/activations/${a.activationId}/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.activationSecret}` },
    });
  /** Days passing without a check-in, where only the database can show them. */
  const silentFor = async (a: Issued, days: number) =>
    db()
      .updateTable('activations')
      .set({ last_checkin_at: new Date(service.deps.clock.now().getTime() - days * day).toISOString() })
      .where('id', '=', a.activationId)
      .execute();
  const revokedCode = async (a: Issued) =>
    (
      await db()
        .selectFrom('activations')
        .select('revoked_code')
        .where('id', '=', a.activationId)
        .executeTakeFirstOrThrow()
    ).revoked_code;

  test('the policy is off by default, takes 7 days or more, and each change is audited', async () => {
    const { id } = await newLicense(5);
    const path = `/api/console/licenses/${id}/reclamation`;
    expect((await owner.get(path)).body).toMatchObject({ licenseId: id, silentDays: null });
    for (const silentDays of [6, 0, -1, 7.5, '30', 3651]) {
      const res = await owner.put<{ error: { code: string; field: string } }>(path, { silentDays });
      expect(res.status, String(silentDays)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_input', field: 'silentDays' });
    }
    expect((await owner.put(path, { silentDays: 30, extra: 1 })).status).toBe(400);
    expect((await owner.put(path, {})).status).toBe(400);
    expect((await owner.get(`${path}/preview?silentDays=3`)).status).toBe(400);
    const other = new ConsoleClient(service.baseUrl);
    await other.signUp('Other Shop', 'owner@other.example', 'correct horse battery');
    await other.login('owner@other.example', 'correct horse battery');
    expect((await other.put(path, { silentDays: 30 })).status).toBe(404);

    expect((await owner.put(path, { silentDays: 7 })).body).toMatchObject({
      silentDays: 7,
      updatedBy: 'user:owner@idle.example',
    });
    expect((await owner.put(path, { silentDays: null })).body).toMatchObject({ silentDays: null });
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('target', '=', id)
      .where('action', 'like', 'reclamation.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, JSON.parse(a.detail)])).toEqual([
      ['reclamation.policy_set', { silentDays: 7 }],
      ['reclamation.policy_off', { silentDays: null }],
    ]);
  });

  test('the preview counts exactly what the run releases; a second run releases nothing', async () => {
    const { id, key } = await newLicense(10);
    const a = [] as Issued[];
    // 3 users: ann 2 silent devices, bob 1 silent + 1 recent, cy recent only.
    for (const [email, device, days] of [
      ['ann@idle.example', 'a1', 50],
      ['ann@idle.example', 'a2', 31],
      ['bob@idle.example', 'b1', 45],
      ['bob@idle.example', 'b2', 29],
      ['cy@idle.example', 'c1', 2],
    ] as const) {
      const issued = await activate(key, email, device);
      expect(issued.status).toBe(201);
      await silentFor(issued.body, days);
      a.push(issued.body);
    }
    const path = `/api/console/licenses/${id}/reclamation`;
    // Off: nothing would go.
    expect((await owner.get<ReclamationPreview>(`${path}/preview`)).body).toMatchObject({
      devices: 0,
      users: 0,
    });
    // Days being typed, not saved: previewed all the same.
    expect((await owner.get<ReclamationPreview>(`${path}/preview?silentDays=10`)).body).toMatchObject({
      devices: 4,
      users: 2,
    });
    await owner.put(path, { silentDays: 30 });
    const preview = (await owner.get<ReclamationPreview>(`${path}/preview`)).body;
    expect(preview).toMatchObject({ devices: 3, users: 2 });
    expect(preview.list.map((d) => [d.deviceName, d.silentDays, d.email])).toEqual([
      ['Mac a1', 50, 'ann@idle.example'],
      ['Mac b1', 45, 'bob@idle.example'],
      ['Mac a2', 31, 'ann@idle.example'],
    ]);

    const run = await owner.post<ReclamationRun>(`${path}/run`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ released: preview.devices, users: preview.users, kept: 0 });
    expect(run.body.list.map((d) => d.activationId).sort()).toEqual(
      preview.list.map((d) => d.activationId).sort(),
    );
    expect(await Promise.all(a.map(revokedCode))).toEqual([
      'DEVICE_RECLAIMED',
      'DEVICE_RECLAIMED',
      'DEVICE_RECLAIMED',
      null,
      null,
    ]);
    const audited = await db()
      .selectFrom('audit_log')
      .select(['target', 'actor', 'detail'])
      .where('action', '=', 'activation.reclaimed')
      .where('account_id', '=', accountId)
      .execute();
    expect(audited.map((e) => e.target).sort()).toEqual(preview.list.map((d) => d.activationId).sort());
    expect(audited.every((e) => e.actor === 'user:owner@idle.example')).toBe(true);
    expect(JSON.parse(audited.find((e) => e.target === a[0]?.activationId)?.detail ?? '{}')).toMatchObject({
      licenseId: id,
      silentDays: 50,
      policyDays: 30,
    });
    expect((await owner.post<ReclamationRun>(`${path}/run`)).body).toMatchObject({ released: 0 });
    expect((await owner.get<ReclamationPreview>(`${path}/preview`)).body.devices).toBe(0);
  });

  test('the check-in of a released device answers DEVICE_RECLAIMED, and the app says after how many days', async () => {
    const { id, key } = await newLicense(1);
    const issued = await activate(key, 'dee@idle.example', 'd1');
    await silentFor(issued.body, 45);
    await owner.put(`/api/console/licenses/${id}/reclamation`, { silentDays: 30 });
    await owner.post(`/api/console/licenses/${id}/reclamation/run`);

    const res = await checkIn(issued.body);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: object }).error).toMatchObject({
      code: 'DEVICE_RECLAIMED',
      days: 45,
      message:
        'This computer was released after 45 days without use; activate again. If no seat is free, ask your IT team.',
    });
    // What the desktop app shows: its client and failure view against the real answer.
    const refused = await new LicensingClient(service.baseUrl)
      .checkIn(issued.body.activationSecret, issued.body.activationId)
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(refused).toBeInstanceOf(LatchkeyError);
    const view = failureView(refused as LatchkeyError, new Date());
    expect(view.code).toBe('DEVICE_RECLAIMED');
    expect(view.message).toBe(
      'This computer was released after 45 days without use; activate again. If no seat is free, ask your IT team.',
    );
    // The refused check-in is in the activation log with its code.
    const logged = await db()
      .selectFrom('activation_attempts')
      .select(['code', 'stage'])
      .where('account_id', '=', accountId)
      .where('code', '=', 'DEVICE_RECLAIMED')
      .execute();
    expect(logged.length).toBeGreaterThanOrEqual(1);
  });

  test('a released seat is free at once: another user (and the same device) activates again', async () => {
    const { id, key } = await newLicense(1);
    const first = await activate(key, 'eve@idle.example', 'e1');
    expect(first.status).toBe(201);
    expect((await activate(key, 'fay@idle.example', 'f1')).body.error?.code).toBe('NO_SEATS_AVAILABLE');
    await silentFor(first.body, 40);
    await owner.put(`/api/console/licenses/${id}/reclamation`, { silentDays: 30 });
    expect(
      (await owner.post<ReclamationRun>(`/api/console/licenses/${id}/reclamation/run`)).body.released,
    ).toBe(1);
    const fay = await activate(key, 'fay@idle.example', 'f1');
    expect(fay.status).toBe(201);
    expect((await checkIn(fay.body)).status).toBe(200);
    // The seat is Fay's now; Eve's released Mac meets a full license, not a stale one.
    expect((await activate(key, 'eve@idle.example', 'e1')).body.error?.code).toBe('NO_SEATS_AVAILABLE');
  });

  test('a device that checks in during a run is kept; the others are released once', async () => {
    const { id, key } = await newLicense(10);
    const devices = [] as Issued[];
    for (const n of [1, 2, 3]) {
      const issued = await activate(key, `gus${n}@idle.example`, `g${n}`);
      await silentFor(issued.body, 20);
      devices.push(issued.body);
    }
    await owner.put(`/api/console/licenses/${id}/reclamation`, { silentDays: 14 });
    const [early, late, other] = devices as [Issued, Issued, Issued];
    const run = await runReclamation(
      db(),
      service.deps.clock,
      { accountId, licenseId: id },
      {
        actor: 'test',
        // After the candidates are read, before the releases: a real check-in over HTTP.
        beforeRelease: async (candidates) => {
          expect(candidates).toHaveLength(3);
          expect((await checkIn(late)).status).toBe(200);
        },
      },
    );
    expect(run).toMatchObject({ released: 2, kept: 1 });
    expect([await revokedCode(early), await revokedCode(late), await revokedCode(other)]).toEqual([
      'DEVICE_RECLAIMED',
      null,
      'DEVICE_RECLAIMED',
    ]);
    expect((await checkIn(late)).status).toBe(200);
  });

  test('the scheduled job: of two nodes ticking at once, one runs it; then it waits for its period', async () => {
    const { key, id } = await newLicense(5);
    const issued = await activate(key, 'hal@idle.example', 'h1');
    await silentFor(issued.body, 9);
    await owner.put(`/api/console/licenses/${id}/reclamation`, { silentDays: 7 });
    // Any earlier run's period is over (the service's own timer never fires in a test).
    await db().deleteFrom('job_leases').execute();
    const logger = createLogger('silent');
    const ran = await Promise.all(
      ['node-a', 'node-b'].map((node) =>
        tickReclamation(db(), service.deps.clock, logger, { everyHours: 6, node }),
      ),
    );
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(await revokedCode(issued.body)).toBe('DEVICE_RECLAIMED');
    expect(await tickReclamation(db(), service.deps.clock, logger, { everyHours: 6, node: 'node-b' })).toBe(
      false,
    );
    const lease = await db().selectFrom('job_leases').selectAll().executeTakeFirstOrThrow();
    expect(lease).toMatchObject({ name: 'reclamation', holder: null });
    expect(lease.last_run_at).not.toBeNull();
  });

  test('a run whose lease expired and was taken over stops; the new holder carries on', async () => {
    const { key, id } = await newLicense(5);
    const issued = await activate(key, 'ida@idle.example', 'i1');
    await silentFor(issued.body, 9);
    await owner.put(`/api/console/licenses/${id}/reclamation`, { silentDays: 7 });
    await db().deleteFrom('job_leases').execute();
    const start = service.deps.clock.now().getTime();
    const at = (minutes: number) => ({ now: () => new Date(start + minutes * 60_000) });
    const lease = { name: 'reclamation', leaseMs: 10 * 60_000, everyMs: 6 * 3600_000 };
    const a = { ...lease, holder: 'node-a' };
    expect(await takeJobLease(db(), at(0), a)).toBe(true);
    // Node a stalls; within its lease nobody else may take the job, after it node b does.
    expect(await takeJobLease(db(), at(9), { ...lease, holder: 'node-b' })).toBe(false);
    expect(await takeJobLease(db(), at(11), { ...lease, holder: 'node-b' })).toBe(true);
    // Node a wakes: its lease is gone, so its run releases nothing.
    const stale = await runReclamation(
      db(),
      at(11),
      {},
      {
        actor: 'system',
        keepGoing: () => renewJobLease(db(), at(11), a),
      },
    );
    expect(stale.released).toBe(0);
    expect(await revokedCode(issued.body)).toBeNull();
    expect(await renewJobLease(db(), at(12), { ...lease, holder: 'node-b' })).toBe(true);
  });
});
