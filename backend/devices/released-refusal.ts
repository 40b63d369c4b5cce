// A device its holder released from another one (my-devices.ts) is told so
// at its next check-in, with its own code and words, not a bare revocation.
import { LatchkeyError } from '../../common/latchkey-error.ts';

export function releasedByUserRefusal(row: {
  id: string;
  revoked_at: string | null;
  revoked_code: string | null;
}): LatchkeyError | undefined {
  if (!row.revoked_at || row.revoked_code !== 'DEVICE_RELEASED_BY_USER') return undefined;
  return new LatchkeyError('DEVICE_RELEASED_BY_USER', 'the holder released this device from another one', {
    activationId: row.id,
    releasedAt: row.revoked_at,
  });
}
