// DEVICE_APPROVAL_PENDING as the licensing API answers it: the catalog's
// refusal plus the poll ticket (common/my-devices.ts). The ticket rides on the
// error, never in its evidence: evidence reaches diagnostic reports, and the
// poll token is a secret.
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import type { ApprovalTicket } from '../../../common/my-devices.ts';

export class ApprovalPending extends LatchkeyError {
  override name = 'ApprovalPending';
  readonly ticket: ApprovalTicket;

  constructor(ticket: ApprovalTicket, reference: string | null) {
    super('DEVICE_APPROVAL_PENDING', 'the license needs an admin to approve this device', {
      reference,
      requestId: ticket.requestId,
      expiresAt: ticket.expiresAt,
    });
    this.ticket = ticket;
  }
}

/** The ticket beside a refusal's JSON, if it is a well-formed one. */
export function ticketOf(body: unknown): ApprovalTicket | null {
  const t = (body as { approval?: Partial<ApprovalTicket> } | undefined)?.approval;
  if (
    typeof t?.requestId !== 'string' ||
    typeof t.pollToken !== 'string' ||
    typeof t.expiresAt !== 'string' ||
    typeof t.pollAfterSeconds !== 'number' ||
    t.pollToken.length > 200
  )
    return null;
  return {
    requestId: t.requestId,
    pollToken: t.pollToken,
    expiresAt: t.expiresAt,
    pollAfterSeconds: Math.min(Math.max(t.pollAfterSeconds, 1), 3600),
  };
}
