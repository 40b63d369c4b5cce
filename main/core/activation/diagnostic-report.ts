// Codes, times, server, app version: enough for IT, and never a token or secret.
import type { ActivationState } from '../../../common/desktop-api.ts';
import type { DeviceFacts } from '../licensing/licensing-client.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import type { ActivationHistory } from './history.ts';

export function diagnosticReport(facts: {
  device: DeviceFacts;
  serverUrl: string;
  trustAnchor: TrustAnchor;
  state: ActivationState;
  history: ActivationHistory;
  now: Date;
}): string {
  const { device, state } = facts;
  const lines = [
    'Latchkey activation diagnostic report',
    `generated: ${facts.now.toISOString()}`,
    `app version: ${device.appVersion}`,
    `os: ${device.os}`,
    `device: ${device.deviceName} (id ${device.deviceId.slice(0, 12)}…)`,
    `server: ${facts.serverUrl}`,
    `root of trust: ${trustLine(facts.trustAnchor)}`,
    `state: ${state.phase}`,
  ];
  if (state.phase === 'failed') {
    const f = state.failure;
    lines.push(
      `failure: ${f.code} at ${f.at}`,
      `reference: ${f.reference ?? '(none)'}`,
      ...(f.reason ? [`reason: ${f.reason}`] : []),
      // Who IT looks for in the activation log: the email typed (the IdP may have signed in someone else).
      ...(f.tried
        ? [`email tried: ${f.tried.email} (${f.tried.via === 'sso' ? 'single sign-on' : 'enterprise key'})`]
        : []),
      `detail: ${f.detail}`,
    );
  }
  if (state.phase === 'activated') {
    const l = state.license;
    lines.push(
      `activation: ${l.activationId} (${l.via})`,
      `lease ends: ${l.leaseEndsAt}`,
      `offline: ${l.offline}`,
    );
  }
  lines.push('recent events:', ...facts.history.lines());
  return `${lines.join('\n')}\n`;
}

/** Which root this build trusts, for IT: a build for another service shows here. */
function trustLine(anchor: TrustAnchor): string {
  if (!anchor.roots.length) return `none (${anchor.problem ?? 'no anchor'})`;
  return `${anchor.source} ${anchor.roots.map((r) => r.kid).join(', ')}${anchor.serviceUrl ? ` for ${anchor.serviceUrl}` : ''}`;
}
