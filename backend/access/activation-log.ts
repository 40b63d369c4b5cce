// The activation log: every discovery refusal and ACS attempt, good or bad,
// with its stage, code and decoded evidence, so an admin can answer "why
// can't Alice activate?". Evidence holds no signatures, keys, tokens or whole
// assertions: redacted here, whoever writes. Refusals come in through refuse.ts.
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { writeEvent } from '../events/write-events.ts';
import { redactEvidence } from './redact-evidence.ts';

export type AttemptStage = 'discovery' | 'acs' | 'entitlement' | 'activation' | 'check-in' | 'deactivation';

export interface AttemptRecord {
  accountId: string | null;
  email: string | null;
  stage: AttemptStage;
  outcome: 'success' | 'failure';
  code: string | null;
  evidence: Record<string, unknown>;
}

// Who else hears of each attempt (metrics), per database: several services share a process in tests.
const observers = new WeakMap<Db, (attempt: AttemptRecord) => void>();

export function observeAttempts(db: Db, observer: (attempt: AttemptRecord) => void): void {
  observers.set(db, observer);
}

/** Returns the attempt's id, which the failure page shows as the reference for IT. */
export async function logAttempt(db: Db, clock: Clock, attempt: AttemptRecord): Promise<number> {
  const reference = await inTransaction(db, async (tx) => {
    const id = await insertAttempt(tx, clock, attempt);
    // A refusal the account can see is an event too (issue 24), written with its log entry.
    if (attempt.outcome === 'failure' && attempt.accountId !== null && attempt.code !== null)
      await writeEvent(tx, clock, attempt.accountId, {
        type: 'activation.refused',
        data: { code: attempt.code, reference: id, stage: attempt.stage, email: attempt.email },
      });
    return id;
  });
  observers.get(db)?.(attempt);
  return reference;
}

async function insertAttempt(db: Db, clock: Clock, attempt: AttemptRecord): Promise<number> {
  const row = await db
    .insertInto('activation_attempts')
    .values({
      account_id: attempt.accountId,
      email: attempt.email,
      stage: attempt.stage,
      outcome: attempt.outcome,
      code: attempt.code,
      evidence: JSON.stringify(redactEvidence(attempt.evidence)),
      at: clock.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
