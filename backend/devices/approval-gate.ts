// Admin approval of new devices (issue 26 item 4; Bitwarden's trusted-device
// approvals): under a license with `device_approval` on, a device the user has
// no live activation on, and that was never approved for that license, waits.
// Checked inside the activation's transaction, after the decision chose the
// license; the caller stores the request in a transaction of its own (a
// refusal rolls back the activation's, and the request must stay).
import type { LicensesTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';

/** Thrown from inside the activation's transaction: nothing of it is written. */
export class ApprovalNeeded extends Error {
  override name = 'ApprovalNeeded';
  readonly licenseId: string;
  constructor(licenseId: string) {
    super('this device waits for an admin to approve it');
    this.licenseId = licenseId;
  }
}

export async function requireApprovedDevice(
  tx: Db,
  license: LicensesTable,
  userId: string,
  deviceId: string,
): Promise<void> {
  if (license.device_approval !== 1) return;
  const live = await tx
    .selectFrom('activations')
    .select('id')
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (live) return;
  // Approved once for this license: never waits again (a released device included).
  const approved = await tx
    .selectFrom('device_approval_requests')
    .select('id')
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .where('license_id', '=', license.id)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  if (!approved) throw new ApprovalNeeded(license.id);
}
