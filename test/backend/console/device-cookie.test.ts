// Issue 21 item 7 (OWASP "device cookies"): ten wrong passwords for the
// owner's email from the owner's own address (an office NAT; every client of
// this test is 127.0.0.1) lock that email and address out for 15 minutes —
// but not the browser the owner signed in from before: its device cookie
// holds it to a lockout of its own. The lockouts are in the audit log.
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  issueDeviceCookie,
  readDeviceCookie,
  trustedDeviceFor,
} from '../../../backend/console/device-cookie.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const ownerEmail = 'owner@devicecookie.example';
const ownerPassword = 'correct horse battery';

interface AuditEntry {
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

describeEachDatabase('console password sign-in: device cookies against a neighbour’s lockout', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
    await new ConsoleClient(service.baseUrl).signUp('Device Cookies', ownerEmail, ownerPassword);
  });
  afterAll(async () => service?.close());

  /** A browser that never signed in here (no device cookie). */
  const stranger = () => new ConsoleClient(service.baseUrl);

  test("a neighbour's ten wrong passwords lock out the email at that address, not the owner's browser; its cookie has its own lockout; both are audited", async () => {
    const ownersBrowser = new ConsoleClient(service.baseUrl);
    expect((await ownersBrowser.login(ownerEmail, ownerPassword)).status).toBe(200);
    expect((await ownersBrowser.post('/api/console/logout')).status).toBe(204);

    // Ten attempts at this email from this address in 15 minutes (the owner's sign-in was one).
    for (let i = 0; i < 9; i++)
      expect((await stranger().login(ownerEmail, `wrong password ${i}`)).status).toBe(401);
    expect((await stranger().login(ownerEmail, 'wrong password 9')).status).toBe(429);
    // The brute-force protection stands: no other browser gets in, not even with the right password.
    expect((await stranger().login(ownerEmail, ownerPassword)).status).toBe(429);

    // The owner's own browser does.
    const back = await ownersBrowser.login(ownerEmail, ownerPassword);
    expect(back.status).toBe(200);
    const audit = await ownersBrowser.get<{ entries: AuditEntry[] }>('/api/console/audit');
    const locked = audit.body.entries.filter((e) => e.action === 'console.login_locked');
    expect(locked).toEqual([
      expect.objectContaining({
        actor: 'system',
        detail: expect.objectContaining({
          email: ownerEmail,
          counter: 'email and client address',
          trustedBrowsersStillAllowed: true,
        }),
      }),
    ]);
    expect(audit.body.entries.find((e) => e.action === 'console.login')?.detail).toEqual({
      via: 'password',
      trustedDevice: true,
    });

    // A stolen cookie is no skeleton key: ten wrong passwords with it, and it is locked too.
    expect((await ownersBrowser.post('/api/console/logout')).status).toBe(204);
    for (let i = 0; i < 10; i++)
      expect((await ownersBrowser.login(ownerEmail, `guess ${i}`)).status).toBe(401);
    expect((await ownersBrowser.login(ownerEmail, ownerPassword)).status).toBe(429);
    const db = service.deps.database.db;
    const cookieLocks = await db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'console.login_locked')
      .execute();
    expect(cookieLocks.map((r) => JSON.parse(r.detail).counter)).toEqual([
      'email and client address',
      'device cookie',
    ]);
  });

  test("a forged cookie, or one of another user's, vouches for no one", async () => {
    const { masterKey } = service.deps;
    const db = service.deps.database.db;
    const owner = await db
      .selectFrom('account_users')
      .select('id')
      .where('email', '=', ownerEmail)
      .executeTakeFirstOrThrow();
    const cookie = issueDeviceCookie(masterKey, owner.id);
    expect(await trustedDeviceFor(db, masterKey, cookie, ownerEmail)).toMatchObject({ userId: owner.id });
    expect(
      await trustedDeviceFor(db, masterKey, cookie, 'someone.else@devicecookie.example'),
    ).toBeUndefined();
    const [v, , nonce, mac] = cookie.split('.');
    const forged = [v, '00000000-0000-4000-8000-000000000000', nonce, mac].join('.');
    expect(readDeviceCookie(masterKey, forged)).toBeUndefined();
    expect(readDeviceCookie(Buffer.alloc(32, 7), cookie)).toBeUndefined();
    for (const junk of [undefined, '', 'd1', 'd1...', `${cookie}.x`, 'x'.repeat(500)])
      expect(readDeviceCookie(masterKey, junk)).toBeUndefined();
  });
});
