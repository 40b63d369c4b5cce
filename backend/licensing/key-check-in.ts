// A key-activated device's check-in on PostgreSQL, in one round trip: its
// caller (the activation secret, api-caller.ts's key path) and its check-in
// read and renewal as one statement (check-in-statement.ts). Anything else —
// SQLite, an access token, a malformed path, a secret no activation has —
// goes the usual way, whose answers (401, 400, 403) stay the only ones.
import { z } from 'zod';
import type { LicensingContext } from './activations.ts';
import { checkInTimes } from './check-in.ts';
import { readAndRenewBySecret, renewsInOneStatement, type KeyCheckIn } from './check-in-statement.ts';
import { activationSecretPrefix, hashSecret } from './key-activation.ts';

const checkInParams = z.object({ id: z.uuid() }).strict();

export async function keyCheckInInOneStatement(
  ctx: LicensingContext,
  authorization: string | undefined,
  params: unknown,
): Promise<KeyCheckIn | undefined> {
  if (!renewsInOneStatement(ctx.db)) return undefined;
  // As api-caller.ts reads it: "Bearer <secret>" (or "DPoP <secret>", RFC 9449 §7.1).
  const secret = /^(?:Bearer|DPoP)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!secret?.startsWith(activationSecretPrefix)) return undefined;
  const path = checkInParams.safeParse(params);
  if (!path.success) return undefined;
  return readAndRenewBySecret(ctx.db, {
    id: path.data.id,
    secretHash: hashSecret(secret),
    ...checkInTimes(ctx),
  });
}
