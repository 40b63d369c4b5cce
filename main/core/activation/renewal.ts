// Check-in: renews the lease with the activation's credential. A renewed
// license is pinned like an issued one; no server keeps it offline
// (offline.ts); a refusal (revoked, deprovisioned) removes it; a defect in the
// app (INTERNAL_ERROR) fails the check-in and keeps the license.
import type { StoredLicense } from '../licensing/license-file.ts';
import type { ApiCredential } from '../licensing/licensing-client.ts';
import { importDeviceKey } from '../oauth/device-key.ts';
import { refreshTokens } from '../oauth/sso-sign-in.ts';
import type { EngineContext } from './engine-context.ts';
import { failureView, toLatchkeyError } from './failure-view.ts';
import { summarize } from './license-summary.ts';
import { offlineCauses, runOffline } from './offline.ts';
import { injectDefect } from './qa-fault.ts';
import { IllegalTransition } from './transitions.ts';

export async function checkIn(ctx: EngineContext, stored: StoredLicense): Promise<void> {
  ctx.renewal.clear();
  try {
    injectDefect('check-in');
    const client = ctx.client(stored.serverUrl);
    const issued = await client.checkIn(await bearerFor(ctx, stored), stored.activationId);
    const renewed: StoredLicense = {
      ...stored,
      license: issued.license,
      lastCheckInAt: ctx.now().toISOString(),
      offline: false,
    };
    const verified = await ctx.licenseCheck.verifyWithFreshCertificates(renewed, client);
    await ctx.file.write(renewed);
    ctx.history.add('check-in', null, ctx.now());
    ctx.state.apply({ type: 'checked-in', license: summarize(renewed, verified) });
    ctx.renewal.scheduleRenewal(verified);
  } catch (err) {
    // A flow that broke the table is a bug: never dressed up as a failure the user sees.
    if (err instanceof IllegalTransition) throw err;
    const error = toLatchkeyError(err);
    if (offlineCauses.has(error.code)) return runOffline(ctx, stored, error);
    // Our own defect is no verdict on the license: it stays for the next check-in. Nor is a refused
    // DPoP proof (a clock far off, a proxy that repeats or rewrites requests): the sign-in still stands.
    if (error.code === 'INTERNAL_ERROR' || error.code === 'DPOP_PROOF_REFUSED') {
      ctx.history.add('check-in failed', error.code, ctx.now());
      ctx.state.apply({ type: 'check-in-broke', failure: failureView(error, ctx.now()) });
      ctx.renewal.scheduleRetry();
      return;
    }
    await forgetLicense(ctx, stored);
    ctx.state.apply({ type: 'check-in-refused', failure: failureView(error, ctx.now()) });
  }
}

/**
 * What authorizes a call for this activation: the key activation's secret, or a fresh access
 * token from the refresh token. The service rotates refresh tokens and treats a reused one as
 * theft, so the new one is stored before anything else can fail.
 */
export async function bearerFor(ctx: EngineContext, stored: StoredLicense): Promise<ApiCredential> {
  const credential = await ctx.credentials.load(stored.activationId);
  if (stored.via === 'key') return credential;
  // No key (a keychain reset): the service refuses the bound token (TOKEN_WITHOUT_DEVICE_KEY), the
  // license is forgotten and the user activates again with a new key — once, not in a loop.
  const storedKey = await ctx.credentials.loadDeviceKey(stored.activationId);
  const tokens = await refreshTokens(
    stored.serverUrl,
    credential,
    storedKey === null ? null : await importDeviceKey(storedKey),
    ctx.fetch,
  );
  if (tokens.refreshToken !== credential)
    await ctx.credentials.save(stored.activationId, tokens.refreshToken);
  return tokens.accessToken;
}

/** The license file and its keychain entry go; no check-in is scheduled any more. */
export async function forgetLicense(ctx: EngineContext, stored: StoredLicense): Promise<void> {
  ctx.renewal.clear();
  await ctx.file.remove();
  await ctx.credentials.forget(stored.activationId).catch(() => undefined);
}
