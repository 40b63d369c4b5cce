// `latchkey doctor`: what an admin asks first when activation fails — is the
// server reachable, does this clock agree with it, can the keychain be used,
// which root of trust this build carries, does the license verify, how much
// lease is left, and which proxy and CAs the way to the server takes.
import type { ActivationState } from '../../common/desktop-api.ts';
import type { ActivationEngine } from '../core/activation/activation-engine.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { LicensingClient } from '../core/licensing/licensing-client.ts';
import { probeSecretStore, type SecretStore } from '../core/secrets/secret-store.ts';
import { policyCheck } from './policy-output.ts';

export interface DoctorCheck {
  name: 'server' | 'clock' | 'keychain' | 'trust' | 'license' | 'lease' | 'network' | 'policy';
  ok: boolean;
  /** Information, not a verdict: nothing to fix (a device not activated yet). */
  info?: true;
  detail: string;
}

/** Licenses and SAML allow 180 s of skew by default; more than that breaks sign-ins. */
const maxSkewMs = 120_000;

export async function runDoctor(
  engine: ActivationEngine,
  secrets: SecretStore,
  now: () => Date = () => new Date(),
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const client = new LicensingClient(engine.currentServerUrl, engine.network.fetch);
  try {
    const before = Date.now();
    const serverTime = await client.serverTime();
    const roundTrip = Date.now() - before;
    checks.push({ name: 'server', ok: true, detail: `${client.serverUrl} answered in ${roundTrip} ms` });
    // The Date header has 1 s resolution; half the round trip is the best guess of when it was made.
    const skew = now().getTime() - (serverTime.getTime() + roundTrip / 2);
    checks.push({
      name: 'clock',
      ok: Math.abs(skew) <= maxSkewMs,
      detail: `this clock is ${Math.round(Math.abs(skew) / 1000)} s ${skew >= 0 ? 'ahead of' : 'behind'} the server`,
    });
  } catch (err) {
    const code = err instanceof LatchkeyError ? ` (${err.code})` : '';
    checks.push({
      name: 'server',
      ok: false,
      detail: `${client.serverUrl}: ${(err as Error).message}${code}`,
    });
  }
  const probe = await probeSecretStore(secrets);
  checks.push({
    name: 'keychain',
    ok: probe.usable,
    detail: probe.usable ? 'the OS keychain stores and returns secrets' : probe.reason,
  });
  const anchor = engine.trustAnchor;
  checks.push({
    name: 'trust',
    ok: anchor.roots.length > 0,
    detail: anchor.roots.length
      ? `root of trust (${anchor.source}): ${anchor.roots.map((r) => r.kid).join(', ')}${anchor.serviceUrl ? ` for ${anchor.serviceUrl}` : ''}`
      : (anchor.problem ?? 'this build carries no root of trust'),
  });
  checks.push(policyCheck(engine.policy()));
  checks.push(...licenseChecks(engine.getState(), now()));
  checks.push(await networkCheck(engine));
  return checks;
}

/** The proxy the server is reached through, why that one, and where the trusted CAs come from. */
async function networkCheck(engine: ActivationEngine): Promise<DoctorCheck> {
  try {
    const route = await engine.network.routeFor(engine.currentServerUrl);
    const proxy = route.proxy === 'DIRECT' ? 'direct (no proxy)' : `proxy ${route.proxy}`;
    return {
      name: 'network',
      ok: true,
      info: true,
      detail: `${proxy}, from ${route.via}; CAs: ${route.caSource}`,
    };
  } catch (err) {
    const code = err instanceof LatchkeyError ? `${err.code}: ` : '';
    return { name: 'network', ok: false, detail: `${code}${(err as Error).message}` };
  }
}

function licenseChecks(state: ActivationState, now: Date): DoctorCheck[] {
  if (state.phase === 'failed')
    return [{ name: 'license', ok: false, detail: `${state.failure.code}: ${state.failure.message}` }];
  // A fresh device is not a problem to diagnose: it just has not been activated yet.
  if (state.phase !== 'activated')
    return [
      {
        name: 'license',
        ok: true,
        info: true,
        detail: 'not activated yet (latchkey activate --email you@company.com)',
      },
    ];
  const l = state.license;
  const leftMs = Date.parse(l.leaseEndsAt) - now.getTime();
  return [
    {
      name: 'license',
      ok: l.lease !== 'expired',
      detail: `${l.edition} for ${l.licensedTo}, subscription until ${l.subscriptionEndsAt.slice(0, 10)}`,
    },
    {
      name: 'lease',
      ok: leftMs > 0,
      detail:
        leftMs > 0
          ? `${formatDuration(leftMs)} left (until ${l.leaseEndsAt})${l.offline ? ', offline since the last check-in' : ''}`
          : `ended ${l.leaseEndsAt}`,
    },
  ];
}

export function formatDuration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 48) return `${Math.floor(hours / 24)} days`;
  if (hours >= 1) return `${hours} h`;
  return `${Math.max(1, Math.round(ms / 60_000))} min`;
}
