// Check-in through the engine (renewal.ts) against the real service.
import { stat } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { revokeActivations } from '../../../../backend/access/revoke.ts';
import { createScimToken } from '../../../../backend/scim/scim-tokens.ts';
import { describeFailure } from '../../../../common/failure-codes.ts';
import { keychainService } from '../../../../main/core/licensing/credentials.ts';
import { engineWorld, failureOf } from './engine-harness.ts';
import { rowsByModule } from './rows-by-module.ts';

const { world, activated, failedHoldingLicense, notReached } = engineWorld();

describe('renewal (renewal.ts)', () => {
  test('an activation revoked by the admin: the next check-in removes the license and says ACTIVATION_REVOKED, also from a failure that kept it', async () => {
    const { engine, license, secrets } = await activated('bob@acme.test');
    const { deps } = world().service;
    await revokeActivations(
      deps.database.db,
      deps.clock,
      { activationIds: [license.activationId] },
      'ACTIVATION_REVOKED',
      'revoked in the console',
    );
    await engine.checkIn();
    expect(failureOf(engine)).toBe('ACTIVATION_REVOKED');
    const after = engine.getState();
    // The service's refusal names its activation log entry.
    expect(after.phase === 'failed' && after.failure.reference).toMatch(/^\d+$/);
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();
    expect(secrets.size).toBe(0);

    const held = await failedHoldingLicense();
    await held.comeBack();
    await revokeActivations(
      deps.database.db,
      deps.clock,
      { activationIds: [held.license.activationId] },
      'ACTIVATION_REVOKED',
      'revoked in the console',
    );
    await held.engine.checkIn();
    expect(failureOf(held.engine)).toBe('ACTIVATION_REVOKED');
  });
});

test('a check-in renews the license and rotates the refresh token in the secret store; also from a failure that kept the license', async () => {
  const { engine, license, secrets } = await activated();
  const entry = `activation:${license.activationId}`;
  const before = await secrets.getPassword(keychainService, entry);
  await engine.checkIn();
  const after = engine.getState();
  if (after.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(after)}`);
  expect(Date.parse(after.license.lastCheckInAt)).toBeGreaterThanOrEqual(Date.parse(license.lastCheckInAt));
  expect(await secrets.getPassword(keychainService, entry)).not.toBe(before);
  expect(engine.diagnosticReport()).toContain('check-in');
  await engine.deactivate();

  const held = await failedHoldingLicense();
  await held.comeBack();
  await held.engine.checkIn();
  expect(held.engine.getState()).toMatchObject({ phase: 'activated', license: { offline: false } });
  await held.engine.deactivate();
});

test("removed from the desktop-users group over SCIM: the next check-in says so in that reason's words, with the log reference", async () => {
  const { engine, secrets } = await activated('alice@acme.test');
  const { service } = world();
  const db = service.deps.database.db;
  const alice = await db
    .selectFrom('account_users')
    .select(['id', 'account_id'])
    .where('user_name_key', '=', 'alice@acme.test')
    .executeTakeFirstOrThrow();
  const desk = await db
    .selectFrom('groups')
    .select('id')
    .where('external_id', '=', 'grp-desktop')
    .executeTakeFirstOrThrow();
  const scimToken = (await createScimToken(db, service.deps.clock, alice.account_id, 'test', 'test')).token;
  const patchDesk = (op: object) =>
    fetch(`${service.baseUrl}/scim/v2/Groups/${desk.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [op] }),
    });
  expect((await patchDesk({ op: 'remove', path: `members[value eq "${alice.id}"]` })).status).toBe(204);
  try {
    await engine.checkIn();
    const state = engine.getState();
    if (state.phase !== 'failed') throw new Error(`not failed: ${JSON.stringify(state)}`);
    const notInGroup = describeFailure('USER_NOT_IN_GROUP');
    expect(state.failure).toMatchObject({
      code: 'ACTIVATION_REVOKED',
      reason: 'USER_NOT_IN_GROUP',
      message: notInGroup.userMessage,
      askIt: notInGroup.adminRemedy,
      reference: expect.stringMatching(/^\d+$/),
    });
    const logged = await db
      .selectFrom('activation_attempts')
      .select(['stage', 'code', 'email'])
      .where('id', '=', Number(state.failure.reference))
      .executeTakeFirst();
    expect(logged).toEqual({ stage: 'check-in', code: 'ACTIVATION_REVOKED', email: 'alice@acme.test' });
    expect(engine.diagnosticReport()).toContain('reason: USER_NOT_IN_GROUP');
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();
    expect(secrets.size).toBe(0);
  } finally {
    await patchDesk({ op: 'add', path: 'members', value: [{ value: alice.id }] });
  }
});

test('a defect in check-in (a TypeError injected by LATCHKEY_QA_FAULT) is INTERNAL_ERROR, not offline: the license is kept and the report names the error', async () => {
  const { engine, license } = await activated();
  process.env.LATCHKEY_QA_FAULT = 'check-in-defect';
  try {
    await engine.checkIn();
    expect(failureOf(engine)).toBe('INTERNAL_ERROR');
    // from failed, the same defect again
    await engine.checkIn();
    expect(failureOf(engine)).toBe('INTERNAL_ERROR');
  } finally {
    delete process.env.LATCHKEY_QA_FAULT;
  }
  const report = engine.diagnosticReport();
  expect(report).toContain('failure: INTERNAL_ERROR');
  expect(report).toContain('TypeError');
  expect(report).not.toContain('offline');
  // not a refusal either: the license stays, and the next check-in without the defect renews it
  expect((await stat(engine.licenseFilePath)).isFile()).toBe(true);
  await engine.checkIn();
  expect(engine.getState()).toMatchObject({
    phase: 'activated',
    license: { activationId: license.activationId },
  });
  await engine.deactivate();
});

test('real flows above reached every row of the table that renewal.ts causes', () => {
  expect(notReached(rowsByModule['renewal.ts'] ?? [])).toEqual([]);
});
