// Holds the engine's one state and moves it only through the transition table;
// tells the UI (onState) and the diagnostic history of each change.
import { EventEmitter } from 'node:events';
import type { ActivationPhase, ActivationState } from '../../../common/desktop-api.ts';
import type { ActivationHistory } from './history.ts';
import { transition, type EngineEvent, type EngineEventType } from './transitions.ts';

export interface TakenTransition {
  from: ActivationPhase;
  event: EngineEventType;
  to: ActivationPhase;
}

export class EngineState {
  private state: ActivationState = { phase: 'idle' };
  private readonly events = new EventEmitter();
  private readonly history: ActivationHistory;
  private readonly now: () => Date;

  constructor(history: ActivationHistory, now: () => Date) {
    this.history = history;
    this.now = now;
  }

  get current(): ActivationState {
    return this.state;
  }

  /** The only way the state changes: throws IllegalTransition for an event the table does not allow here. */
  apply(event: EngineEvent): void {
    const from = this.state.phase;
    const next = transition(this.state, event);
    this.state = next;
    if (next.phase === 'failed') this.history.add('failed', next.failure.code, this.now());
    else this.history.add(next.phase, null, this.now());
    this.events.emit('transition', { from, event: event.type, to: next.phase } satisfies TakenTransition);
    this.events.emit('state', next);
  }

  onState(listener: (state: ActivationState) => void): () => void {
    this.events.on('state', listener);
    return () => this.events.off('state', listener);
  }

  /** Each change as the table saw it (tests walk the table with it). */
  onTransition(listener: (taken: TakenTransition) => void): () => void {
    this.events.on('transition', listener);
    return () => this.events.off('transition', listener);
  }
}
