// An SSO activation that met the approval gate (approval-gate.ts) becomes a
// stored request and a DEVICE_APPROVAL_PENDING refusal — logged like any other
// — that carries the app's poll ticket beside the catalog's words.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { ApprovalTicket } from '../../common/my-devices.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { ApprovalNeeded } from './approval-gate.ts';
import { requestApproval, type ApprovalAsk } from './approval-requests.ts';

export async function activateOrAskApproval<T>(
  db: Db,
  clock: Clock,
  ask: Omit<ApprovalAsk, 'licenseId'>,
  work: () => Promise<T>,
  /** Receives the ticket (never written to the log: it holds the poll token). */
  onTicket: (ticket: ApprovalTicket) => void,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ApprovalNeeded)) throw err;
    const ticket = await requestApproval(db, clock, { ...ask, licenseId: err.licenseId });
    onTicket(ticket);
    throw new LatchkeyError('DEVICE_APPROVAL_PENDING', 'the license needs an admin to approve new devices', {
      accountId: ask.accountId,
      requestId: ticket.requestId,
      licenseId: err.licenseId,
    });
  }
}
