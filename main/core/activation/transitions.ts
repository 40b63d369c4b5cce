// The desktop engine's transition table (DESIGN.md "The desktop app": idle →
// waiting-for-browser → exchanging → activating → activated | failed). Every
// state change of the engine is one event looked up here; an event the table
// does not list for the current state is a programming error and throws
// IllegalTransition, so no flow can put the UI in a state nobody designed.
import type {
  ActivationPhase,
  ActivationState,
  DeviceCodePrompt,
  FailureView,
  LicenseSummary,
} from '../../../common/desktop-api.ts';

/** What happened, with what the next state shows. */
export type EngineEvent =
  /** Continue with SSO: the authorization URL is built and the browser opens (or a second device's code is shown). */
  | { type: 'sign-in-started'; email: string; authorizationUrl: string; deviceCode?: DeviceCodePrompt }
  /** The redirect came back to the app; the code is being exchanged. */
  | { type: 'browser-returned'; email: string }
  /** The code exchange gave tokens; the licensing API is asked for a license. */
  | { type: 'signed-in'; email: string }
  /** Enter Enterprise Key: the licensing API is asked straight away (no browser). */
  | { type: 'key-submitted'; email: string }
  /** The license needs an admin's approval of this device: the app waits and polls (approval-wait.ts). */
  | { type: 'approval-pending'; email: string; expiresAt: string }
  /** The issued license verified under the root and is stored. */
  | { type: 'license-issued'; license: LicenseSummary }
  /** The user's Cancel (or the app quitting) while the browser was out. */
  | { type: 'sign-in-cancelled' }
  /** The service turned the key itself down (no license has it, SSO required): the user can fix it. */
  | { type: 'key-turned-down'; notice: string }
  /** An activation ended in a coded failure (before the browser, in it, or after it). */
  | { type: 'activation-failed'; failure: FailureView }
  /** At start (or Dismiss): the stored license verifies offline. */
  | { type: 'license-loaded'; license: LicenseSummary }
  /** At start (or Dismiss): no license on this device. */
  | { type: 'no-license' }
  /** At start: the stored license no longer verifies and was removed. */
  | { type: 'stored-license-refused'; failure: FailureView }
  /** The server renewed the lease. */
  | { type: 'checked-in'; license: LicenseSummary }
  /** No server (or no keychain) at check-in: the license runs on its lease. */
  | { type: 'went-offline'; license: LicenseSummary }
  /** The lease ran out while the server was out of reach: failed, the license kept for the next check-in. */
  | { type: 'lease-ended-offline'; failure: FailureView }
  /** The server refused the check-in (revoked, deprovisioned): the license is gone. */
  | { type: 'check-in-refused'; failure: FailureView }
  /** A defect in the app broke the check-in (INTERNAL_ERROR): failed, the license kept — neither offline nor refused. */
  | { type: 'check-in-broke'; failure: FailureView }
  /** The seat is freed and the license forgotten. */
  | { type: 'deactivated' }
  /** Deactivation could not reach the server: the license stays. */
  | { type: 'deactivation-failed'; failure: FailureView };

export type EngineEventType = EngineEvent['type'];

type Table = Readonly<Record<ActivationPhase, Readonly<Partial<Record<EngineEventType, ActivationPhase>>>>>;

/**
 * state × event → state. Failed is a resting state like idle: a device can start again from it,
 * and a failure that kept the license (offline past the lease, a deactivation without a server)
 * can still check in, deactivate or be dismissed.
 */
export const transitionTable: Table = {
  idle: {
    'sign-in-started': 'waiting-for-browser',
    'key-submitted': 'activating',
    // SSO discovery and the keychain are checked before the browser opens (DESIGN.md step 2).
    'activation-failed': 'failed',
    'license-loaded': 'activated',
    'no-license': 'idle',
    'stored-license-refused': 'failed',
    'lease-ended-offline': 'failed',
  },
  'waiting-for-browser': {
    'browser-returned': 'exchanging',
    'sign-in-cancelled': 'idle',
    'activation-failed': 'failed',
  },
  exchanging: {
    'signed-in': 'activating',
    'activation-failed': 'failed',
  },
  activating: {
    'approval-pending': 'activating',
    'license-issued': 'activated',
    'key-turned-down': 'idle',
    'activation-failed': 'failed',
  },
  activated: {
    'checked-in': 'activated',
    'went-offline': 'activated',
    'lease-ended-offline': 'failed',
    'check-in-refused': 'failed',
    'check-in-broke': 'failed',
    deactivated: 'idle',
    'deactivation-failed': 'failed',
  },
  failed: {
    'sign-in-started': 'waiting-for-browser',
    // The retry after releasing one of my devices: the fresh sign-in of My devices activates.
    'signed-in': 'activating',
    'key-submitted': 'activating',
    'activation-failed': 'failed',
    'license-loaded': 'activated',
    'no-license': 'idle',
    'stored-license-refused': 'failed',
    'checked-in': 'activated',
    'went-offline': 'activated',
    'lease-ended-offline': 'failed',
    'check-in-refused': 'failed',
    'check-in-broke': 'failed',
    deactivated: 'idle',
    'deactivation-failed': 'failed',
  },
};

/** A flow asked for a change the table does not allow: a bug in the engine, never the user's doing. */
export class IllegalTransition extends Error {
  override name = 'IllegalTransition';
  readonly from: ActivationPhase;
  readonly event: EngineEventType;

  constructor(from: ActivationPhase, event: EngineEventType) {
    const allowed = Object.keys(transitionTable[from]).join(', ');
    super(`the activation engine cannot take "${event}" in state ${from} (allowed there: ${allowed})`);
    this.from = from;
    this.event = event;
  }
}

/** The next state, or IllegalTransition. */
export function transition(from: ActivationState, event: EngineEvent): ActivationState {
  const to = transitionTable[from.phase][event.type];
  if (!to) throw new IllegalTransition(from.phase, event.type);
  const next = stateFor(event);
  // The table decides the phase; the event only fills it in. A mismatch is a bug in this file.
  if (next.phase !== to)
    throw new Error(`the table names ${to} for "${event.type}", its state is ${next.phase}`);
  return next;
}

/** Builds the state the table names from what the event carries. */
function stateFor(event: EngineEvent): ActivationState {
  switch (event.type) {
    case 'sign-in-started':
      return {
        phase: 'waiting-for-browser',
        email: event.email,
        authorizationUrl: event.authorizationUrl,
        ...(event.deviceCode && { deviceCode: event.deviceCode }),
      };
    case 'browser-returned':
      return { phase: 'exchanging', email: event.email };
    case 'signed-in':
    case 'key-submitted':
      return { phase: 'activating', email: event.email };
    case 'approval-pending':
      return { phase: 'activating', email: event.email, approval: { expiresAt: event.expiresAt } };
    case 'license-issued':
    case 'license-loaded':
    case 'checked-in':
    case 'went-offline':
      return { phase: 'activated', license: event.license };
    case 'key-turned-down':
      return { phase: 'idle', notice: event.notice };
    case 'sign-in-cancelled':
    case 'no-license':
    case 'deactivated':
      return { phase: 'idle' };
    case 'activation-failed':
    case 'stored-license-refused':
    case 'lease-ended-offline':
    case 'check-in-refused':
    case 'check-in-broke':
    case 'deactivation-failed':
      return { phase: 'failed', failure: event.failure };
  }
}

/** Every allowed (state, event) pair, for tests and documentation. */
export function allowedTransitions(): {
  from: ActivationPhase;
  event: EngineEventType;
  to: ActivationPhase;
}[] {
  return (Object.keys(transitionTable) as ActivationPhase[]).flatMap((from) =>
    (Object.entries(transitionTable[from]) as [EngineEventType, ActivationPhase][]).map(([event, to]) => ({
      from,
      event,
      to,
    })),
  );
}
