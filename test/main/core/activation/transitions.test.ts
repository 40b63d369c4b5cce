// The transition table on its own: every pair it does not list is refused
// with a message that names the state, the event and what is allowed there;
// every pair it lists builds the state it names. (activation-engine.test.ts
// reaches each listed pair through a real flow.)
import { expect, test } from 'vitest';
import type {
  ActivationPhase,
  ActivationState,
  FailureView,
  LicenseSummary,
} from '../../../../common/desktop-api.ts';
import {
  allowedTransitions,
  IllegalTransition,
  transition,
  transitionTable,
  type EngineEvent,
} from '../../../../main/core/activation/transitions.ts';
import { rowsByModule } from './rows-by-module.ts';

const failure: FailureView = {
  code: 'SERVER_UNREACHABLE',
  message: 'm',
  askIt: 'a',
  reference: null,
  reason: null,
  detail: 'd',
  at: '2026-12-01T00:00:00.000Z',
  tried: null,
};
const license = { licensedTo: 'alice@acme.test' } as LicenseSummary;

/** One event of each type, with what its next state shows. */
const events: EngineEvent[] = [
  { type: 'sign-in-started', email: 'alice@acme.test', authorizationUrl: 'http://127.0.0.1/oidc/auth' },
  { type: 'browser-returned', email: 'alice@acme.test' },
  { type: 'signed-in', email: 'alice@acme.test' },
  { type: 'key-submitted', email: 'alice@acme.test' },
  { type: 'approval-pending', email: 'alice@acme.test', expiresAt: '2026-12-08T00:00:00.000Z' },
  { type: 'license-issued', license },
  { type: 'sign-in-cancelled' },
  { type: 'key-turned-down', notice: 'No license has this key.' },
  { type: 'activation-failed', failure },
  { type: 'license-loaded', license },
  { type: 'no-license' },
  { type: 'stored-license-refused', failure },
  { type: 'checked-in', license },
  { type: 'went-offline', license },
  { type: 'lease-ended-offline', failure },
  { type: 'check-in-refused', failure },
  { type: 'check-in-broke', failure },
  { type: 'deactivated' },
  { type: 'deactivation-failed', failure },
];

/** A state of each phase to start from. */
const states: Record<ActivationPhase, ActivationState> = {
  idle: { phase: 'idle' },
  'waiting-for-browser': { phase: 'waiting-for-browser', email: 'a@b.test', authorizationUrl: 'http://x' },
  exchanging: { phase: 'exchanging', email: 'a@b.test' },
  activating: { phase: 'activating', email: 'a@b.test' },
  activated: { phase: 'activated', license },
  failed: { phase: 'failed', failure },
};

test('every event type is in the table somewhere, and the test knows them all', () => {
  const inTable = new Set(allowedTransitions().map((t) => t.event));
  expect([...inTable].sort()).toEqual(events.map((e) => e.type).sort());
});

test('every allowed pair builds the state the table names, carrying what the event said', () => {
  for (const { from, event, to } of allowedTransitions()) {
    const e = events.find((x) => x.type === event);
    if (!e) throw new Error(`no sample for ${event}`);
    const next = transition(states[from], e);
    expect(next.phase, `${from} --${event}-->`).toBe(to);
  }
  expect(transition(states.idle, events[0] as EngineEvent)).toEqual({
    phase: 'waiting-for-browser',
    email: 'alice@acme.test',
    authorizationUrl: 'http://127.0.0.1/oidc/auth',
  });
  expect(transition(states.activating, { type: 'key-turned-down', notice: 'n' })).toEqual({
    phase: 'idle',
    notice: 'n',
  });
});

test('every pair the table does not list is refused with IllegalTransition naming state, event and what is allowed', () => {
  let refused = 0;
  for (const from of Object.keys(transitionTable) as ActivationPhase[]) {
    for (const e of events) {
      if (transitionTable[from][e.type]) continue;
      refused++;
      let thrown: unknown;
      try {
        transition(states[from], e);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, `${from} --${e.type}-->`).toBeInstanceOf(IllegalTransition);
      expect((thrown as Error).message).toContain(`"${e.type}" in state ${from}`);
    }
  }
  // 6 states × 19 events, less the 37 allowed.
  expect(refused).toBe(6 * events.length - allowedTransitions().length);
  expect(() =>
    transition(states.activated, { type: 'sign-in-started', email: 'a', authorizationUrl: 'u' }),
  ).toThrow(/cannot take "sign-in-started" in state activated \(allowed there: checked-in, went-offline/);
  // The design's own order cannot be skipped: no license without the code exchange.
  expect(() => transition(states['waiting-for-browser'], { type: 'license-issued', license })).toThrow(
    IllegalTransition,
  );
});

test("the docs' table of the engine's states (docs/desktop-app.md) lists exactly the table's transitions", async () => {
  const { readFile } = await import('node:fs/promises');
  const readme = await readFile(new URL('../../../../docs/desktop-app.md', import.meta.url), 'utf8');
  const section = readme.split("## The desktop engine's states")[1]?.split('\n## ')[0] ?? '';
  const documented = [...section.matchAll(/^\| `([a-z-]+)`[^|]*\| ([^|]+) \| ([a-z-]+)[^|]*\|$/gm)].flatMap(
    ([, event, froms = '', to]) => froms.split(',').map((from) => `${from.trim()} --${event}--> ${to}`),
  );
  const table = allowedTransitions().map((t) => `${t.from} --${t.event}--> ${t.to}`);
  expect(documented.sort()).toEqual(table.sort());
});

test('each row of the table belongs to exactly one flow module, whose test file must reach it', () => {
  const owned = Object.values(rowsByModule).flat();
  expect(new Set(owned).size).toBe(owned.length);
  expect([...owned].sort()).toEqual(
    allowedTransitions()
      .map((t) => `${t.from} --${t.event}--> ${t.to}`)
      .sort(),
  );
});
