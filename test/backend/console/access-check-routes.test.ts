// GET /api/console/access-check: "Why can't this user activate?" for the
// signed-in admin's account, over real HTTP. The answer is the AccessCheck of
// common/access-check.ts; a question that is not an email is the console's 400.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AccessCheck } from '../../../common/access-check.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('console API: Why can’t this user activate?', (dialect) => {
  let world: SsoWorld;
  beforeAll(async () => {
    world = await startSsoWorld(dialect);
  });
  afterAll(async () => world?.close());

  const ask = (email: string) =>
    world.owner.get<AccessCheck>(`/api/console/access-check?email=${encodeURIComponent(email)}`);

  test('bob (desktop-users group over SCIM): allowed, every rule passes, in catalog order, with evidence', async () => {
    const res = await ask('Bob@Acme.test');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'bob@acme.test', via: 'sso', allowed: true, code: null });
    expect(res.body.rules.map((r) => [r.rule, r.verdict])).toEqual([
      ['domain', 'pass'],
      ['integration', 'pass'],
      ['user', 'pass'],
      ['active', 'pass'],
      ['group', 'pass'],
      ['license', 'pass'],
      ['seats', 'pass'],
      ['devices', 'pass'],
    ]);
    const group = res.body.rules.find((r) => r.rule === 'group');
    expect(group?.evidence.matched).toEqual([
      { group: 'Latchkey Desktop Users', via: 'scim', grants: 'desktop-users' },
    ]);
    expect(res.body.rules.find((r) => r.rule === 'seats')?.evidence).toMatchObject({ used: 0, total: 5 });
    expect(res.body.rules.find((r) => r.rule === 'devices')?.evidence).toMatchObject({ used: 0, limit: 3 });
  });

  test('carol (in no qualifying group): group fails USER_NOT_IN_GROUP with the remedy; the rest is not reached', async () => {
    const res = await ask('carol@acme.test');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allowed: false, code: 'USER_NOT_IN_GROUP' });
    const verdicts = Object.fromEntries(res.body.rules.map((r) => [r.rule, r.verdict]));
    expect(verdicts).toMatchObject({
      user: 'pass',
      group: 'fail',
      license: 'not-reached',
      devices: 'not-reached',
    });
    const group = res.body.rules.find((r) => r.rule === 'group');
    expect(group?.code).toBe('USER_NOT_IN_GROUP');
    // The remedy names the group of step 3, as the app's "What to tell your IT team" does.
    expect(group?.remedy).toContain('"Latchkey Desktop Users"');
  });

  test('an unknown user: 200, the user rule fails USER_NOT_PROVISIONED', async () => {
    const res = await ask('nobody@acme.test');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allowed: false, code: 'USER_NOT_PROVISIONED', userId: null });
    expect(res.body.rules.find((r) => r.verdict === 'fail')?.rule).toBe('user');
  });

  test.each(['not an email', '', 'a@b@'])(
    'email %j is the console API’s 400 invalid_input',
    async (email) => {
      const res = await ask(email);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_input', field: 'email' } });
    },
  );

  test('an unknown query field is a 400; no session is a 401', async () => {
    const extra = await world.owner.get('/api/console/access-check?email=bob%40acme.test&x=1');
    expect(extra.status).toBe(400);
    const anonymous = await new ConsoleClient(world.service.baseUrl).get(
      '/api/console/access-check?email=bob%40acme.test',
    );
    expect(anonymous.status).toBe(401);
  });
});
