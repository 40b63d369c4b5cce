// The reclamation policy's rules (issue 23 item 2), in one place: what a valid
// policy is, the cut-off it draws, and how many days a device was silent.
// JetBrains' license server releases after 3 days; we ask for at least 7 so a
// holiday week never costs anyone their seat.
import { z } from 'zod';
import { LatchkeyError } from '../../common/latchkey-error.ts';

export const minimumSilentDays = 7;
/** Ten years: beyond it a policy means nothing a person would set. */
export const maximumSilentDays = 3650;
export const dayMs = 86_400_000;

const silentDaysSchema = z
  .number()
  .int('must be a whole number of days')
  .min(minimumSilentDays, `must be at least ${minimumSilentDays} days`)
  .max(maximumSilentDays, `must be at most ${maximumSilentDays} days`);

/** PUT …/reclamation: `{ silentDays: N }` turns it on, `{ silentDays: null }` off. */
export const reclamationPolicyInput = z.object({ silentDays: silentDaysSchema.nullable() }).strict();

/** A preview for days not saved yet (the console previews as the admin types). */
export const reclamationPreviewQuery = z
  .object({ silentDays: z.coerce.number().pipe(silentDaysSchema).optional() })
  .strict();

/** Devices whose last check-in is before this moment are silent for `days`. */
export function cutoffFor(now: Date, days: number): string {
  return new Date(now.getTime() - days * dayMs).toISOString();
}

/** Whole days between a device's last check-in and `at` (the moment it was released, or now). */
export function silentDays(lastCheckInAt: string, at: string): number {
  return Math.max(0, Math.floor((Date.parse(at) - Date.parse(lastCheckInAt)) / dayMs));
}

/** What a released device's check-in is refused with: its own code and the days it was silent. */
export function reclaimedRefusal(row: {
  id: string;
  last_checkin_at: string;
  revoked_at: string | null;
  revoked_code: string | null;
}): LatchkeyError | undefined {
  if (!row.revoked_at || row.revoked_code !== 'DEVICE_RECLAIMED') return undefined;
  return new LatchkeyError('DEVICE_RECLAIMED', 'the device was released by the reclamation policy', {
    activationId: row.id,
    days: silentDays(row.last_checkin_at, row.revoked_at),
  });
}
