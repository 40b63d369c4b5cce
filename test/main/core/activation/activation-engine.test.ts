// The engine's front door (activation-engine.ts): what each state allows,
// start on a new device, Dismiss. Its flows have a test file each, beside this one.
import { describe, expect, test } from 'vitest';
import { IllegalTransition } from '../../../../main/core/activation/transitions.ts';
import { engineWorld, failureOf } from './engine-harness.ts';
import { rowsByModule } from './rows-by-module.ts';

const { engineFor, activated, notReached } = engineWorld();

describe('the front door (activation-engine.ts)', () => {
  test('Dismiss after a failed activation goes back to idle on a device without a license', async () => {
    const { engine, phases } = await engineFor('someone@unregistered.test');
    await engine.startSso('someone@unregistered.test');
    expect(failureOf(engine)).toBe('DOMAIN_NOT_REGISTERED');
    await engine.dismissFailure();
    expect(phases).toEqual(['failed', 'idle']);
    // Dismiss outside failed changes nothing.
    await engine.dismissFailure();
    expect(phases).toEqual(['failed', 'idle']);
  });

  test('a new device starts idle; check-in, deactivate and a second start are refused where the state does not allow them', async () => {
    const { engine, phases } = await engineFor('alice@acme.test');
    await engine.start();
    expect(phases).toEqual(['idle']);
    await expect(engine.checkIn()).rejects.toThrow(/not activated/);
    await expect(engine.deactivate()).rejects.toThrow(/not activated/);
    const made = await activated();
    // start() on an activated engine is an event the table does not list for activated.
    await expect(made.engine.start({ checkIn: false })).rejects.toThrow(IllegalTransition);
    expect(made.engine.getState().phase).toBe('activated');
    await made.engine.deactivate();
  });
});

test('real flows above reached every row of the table that activation-engine.ts causes', () => {
  expect(notReached(rowsByModule['activation-engine.ts'] ?? [])).toEqual([]);
});
