// The app's discovery call before the browser opens: each discovery refusal
// comes back at once with its catalog code, status and an activation log
// reference; a domain that can sign in is named; bad input is a 400.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAccount } from '../../../backend/accounts/account-service.ts';
import { addDomain } from '../../../backend/domains/domain-service.ts';
import { describeFailure, type FailureCode } from '../../../common/failure-codes.ts';
import { ssoDiscoveryPath } from '../../../common/sso-discovery.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('SSO discovery before the browser opens', (dialect) => {
  let world: SsoWorld;

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    const { db } = world.service.deps.database;
    const { clock } = world.service.deps;
    for (const [name, domain, verified] of [
      ['Pending Inc', 'pending.test', false],
      ['Initech', 'initech.test', true],
    ] as const) {
      const owner = { name, ownerEmail: `owner@${domain}`, ownerPassword: 'correct horse battery' };
      const account = await createAccount(db, clock, { ...owner, ownerName: 'Owner' }, 'test');
      await addDomain(db, clock, account.id, domain, 'test');
      if (verified)
        await db
          .updateTable('domains')
          .set({ verified_at: clock.now().toISOString() })
          .where('name', '=', domain)
          .execute();
    }
  });
  afterAll(async () => world?.close());

  const ask = (body: unknown) =>
    fetch(`${world.service.baseUrl}${ssoDiscoveryPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('a domain that can sign in is named', async () => {
    const res = await ask({ email: 'Alice@ACME.test' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ domain: 'acme.test', deviceCodeSignIn: false });
  });

  test.each<[string, FailureCode]>([
    ['someone@unregistered.test', 'DOMAIN_NOT_REGISTERED'],
    ['someone@pending.test', 'DOMAIN_NOT_VERIFIED'],
    ['someone@initech.test', 'INTEGRATION_NOT_ACTIVE'],
  ])('%s → %s with its status, message and a logged reference', async (email, code) => {
    const res = await ask({ email });
    expect(res.status).toBe(describeFailure(code).httpStatus);
    const body = (await res.json()) as { error: { code: string; message: string; reference: number } };
    expect(body.error).toMatchObject({ code, message: describeFailure(code).userMessage });
    const logged = await world.service.deps.database.db
      .selectFrom('activation_attempts')
      .select(['stage', 'code', 'email'])
      .where('id', '=', body.error.reference)
      .executeTakeFirstOrThrow();
    expect(logged).toEqual({ stage: 'discovery', code, email });
  });

  test.each([[{}], [{ email: 'not an email' }], [{ email: 'a@b.test', extra: 1 }], ['text']])(
    'bad input %j is a 400 naming the problem',
    async (body) => {
      const res = await ask(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    },
  );

  test('anyone may ask, but one client only so often: 429 with Retry-After, counted in the database', async () => {
    const { deps } = world.service;
    const { db } = deps.database;
    await db.deleteFrom('rate_limits').execute();
    // The limit counts in fixed one-minute windows: on a busy machine the loop
    // could straddle a window's end and start a fresh count, so the service's
    // clock stands still while the loop runs.
    const systemClock = deps.clock;
    const frozen = systemClock.now();
    deps.clock = { now: () => new Date(frozen) };
    try {
      const answers = [];
      for (let i = 0; i < 61; i++) answers.push((await ask({ email: `someone${i}@acme.test` })).status);
      expect(answers.filter((s) => s === 200)).toHaveLength(60);
      const refused = await ask({ email: 'alice@acme.test' });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      deps.clock = systemClock;
      await db.deleteFrom('rate_limits').execute();
    }
  });
});
