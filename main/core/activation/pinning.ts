// A license is used only once it verifies under the app's root (DESIGN.md,
// "Trust"): at activation with the service's key certificates cached beside it
// (a license this app cannot use hands its seat back), and at start with the
// cached certificates, fetching newer ones once when the signing key rotated.
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { licenseIssuerSuffix } from '../../../common/license-claims.ts';
import type { LicenseState } from '../license-verifier.ts';
import type { StoredLicense } from '../licensing/license-file.ts';
import type { LicensingClient, ApiCredential, IssuedLicense } from '../licensing/licensing-client.ts';
import type { EngineContext } from './engine-context.ts';
import { failureView } from './failure-view.ts';
import { summarize } from './license-summary.ts';
import { leaseEndedWhileOffline } from './offline.ts';
import { storeIssuedOrHandBack } from './store-issued.ts';
import { asCoded } from './stored-license-check.ts';

export interface IssuedTo {
  via: 'sso' | 'key';
  /** The email typed for this activation: kept to say "You signed in as …", never to name the holder. */
  requestedEmail: string;
  /** What renews it, kept in the keychain: the refresh token or the key activation's secret. */
  credential: string;
  /** What authorizes handing the seat back if the license cannot be used. */
  bearer: ApiCredential;
  /** SSO: the DPoP device key the tokens are bound to (its private JWK), kept in the keychain too. */
  deviceKey?: string;
}

/** Verifies what the service issued under the root, then stores license and credential: activated. */
export async function pinIssuedLicense(
  ctx: EngineContext,
  client: LicensingClient,
  issued: IssuedLicense,
  to: IssuedTo,
): Promise<void> {
  const serverUrl = ctx.serverUrl();
  const stored: StoredLicense = {
    version: 1,
    serverUrl,
    issuer: `${serverUrl}${licenseIssuerSuffix}`,
    activationId: issued.activationId,
    via: to.via,
    requestedEmail: to.requestedEmail,
    license: issued.license,
    keyCertificates: await client.keyCertificates(),
    lastCheckInAt: ctx.now().toISOString(),
    offline: false,
  };
  let verified: LicenseState;
  try {
    verified = await ctx.licenseCheck.verify(stored);
  } catch (err) {
    // A license this app cannot use must not hold a seat: hand the activation back (best effort).
    await client.deactivate(to.bearer, issued.activationId).catch(() => undefined);
    throw err;
  }
  await storeIssuedOrHandBack(ctx, client, stored, to);
  ctx.history.add('activated', null, ctx.now());
  ctx.state.apply({ type: 'license-issued', license: summarize(stored, verified) });
  ctx.renewal.scheduleRenewal(verified);
}

/**
 * The stored license as it verifies offline: activated, failed with the license kept (its lease
 * ran out), or failed and removed (it no longer verifies). Returns whether a check-in may follow.
 */
export async function loadPinnedLicense(ctx: EngineContext, stored: StoredLicense): Promise<boolean> {
  let verified: LicenseState;
  try {
    const cached = stored.keyCertificates;
    verified = await ctx.licenseCheck.verifyWithFreshCertificates(stored, ctx.client(stored.serverUrl));
    if (stored.keyCertificates !== cached) await ctx.file.write(stored);
  } catch (err) {
    // A license that no longer verifies (edited, other device, a key the root did not certify) is not used.
    await ctx.file.remove();
    const error = asCoded(err);
    const refused = new LatchkeyError(
      error.code,
      `the stored license was not accepted: ${error.message}`,
      error.evidence,
    );
    ctx.state.apply({ type: 'stored-license-refused', failure: failureView(refused, ctx.now()) });
    return false;
  }
  if (verified.status === 'expired')
    ctx.state.apply({
      type: 'lease-ended-offline',
      failure: failureView(leaseEndedWhileOffline(verified), ctx.now()),
    });
  else ctx.state.apply({ type: 'license-loaded', license: summarize(stored, verified) });
  return true;
}
