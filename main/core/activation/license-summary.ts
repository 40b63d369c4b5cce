// The stored license as the UI shows it: who, which edition, the lease and
// where it came from (the claims as they verified, never the token itself).
import type { LicenseSummary } from '../../../common/desktop-api.ts';
import type { LicenseState } from '../license-verifier.ts';
import type { StoredLicense } from '../licensing/license-file.ts';

export function summarize(stored: StoredLicense, verified: LicenseState): LicenseSummary {
  const { claims } = verified;
  return {
    licensedTo: stored.licensedTo,
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
