// The stored license as the UI shows it: who, which edition, the lease and
// where it came from (the claims as they verified, never the token itself).
import type { LicenseSummary } from '../../../common/desktop-api.ts';
import type { LicenseState } from '../license-verifier.ts';
import type { StoredLicense } from '../licensing/license-file.ts';

/**
 * The holder as the signed license names them (DESIGN.md, flow step 9): its email claim, else — a
 * license signed before the service named holders, renewed at the next check-in — its user id.
 */
function holderOf(claims: LicenseState['claims']): { email: string; name: string | null } {
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name : null;
  if (typeof claims.email === 'string' && claims.email) return { email: claims.email, name };
  return { email: name ?? `user ${claims.sub}`, name };
}

export function summarize(stored: StoredLicense, verified: LicenseState): LicenseSummary {
  const { claims } = verified;
  const holder = holderOf(claims);
  const typed = stored.requestedEmail?.trim().toLowerCase() ?? null;
  return {
    licensedTo: holder.email,
    holderName: holder.name,
    requestedEmail: typed && typed !== holder.email.toLowerCase() ? typed : null,
    edition: claims.edition,
    subscriptionEndsAt: new Date(claims.sub_end * 1000).toISOString(),
    leaseEndsAt: verified.leaseEndsAt.toISOString(),
    renewAfter: new Date(claims.renew_after * 1000).toISOString(),
    lease: verified.status,
    offline: stored.offline,
    lastCheckInAt: stored.lastCheckInAt,
    via: stored.via,
    serverUrl: stored.serverUrl,
    activationId: stored.activationId,
  };
}
