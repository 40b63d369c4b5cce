// The activation state in plain lines, for people at a terminal.
import type { ActivationState } from '../../common/desktop-api.ts';
import { holderText, signedInAsText } from '../../common/license-holder-text.ts';

export function describeState(state: ActivationState): string {
  switch (state.phase) {
    case 'idle':
      return state.notice ? `Not activated: ${state.notice}` : 'Not activated on this device.';
    case 'waiting-for-browser':
      return `Waiting for the sign-in of ${state.email} in the browser…`;
    case 'exchanging':
    case 'activating':
      return `Activating for ${state.email}…`;
    case 'activated': {
      const l = state.license;
      const signedInAs = signedInAsText(l);
      return [
        `Activated: ${l.edition} edition, licensed to ${holderText(l)}`,
        ...(signedInAs ? [`  ${signedInAs}`] : []),
        `  subscription until ${l.subscriptionEndsAt.slice(0, 10)}`,
        `  ${l.offline ? 'offline; valid until' : 'lease until'} ${l.leaseEndsAt} (next check-in after ${l.renewAfter})`,
        `  server ${l.serverUrl}, activation ${l.activationId} (${l.via === 'sso' ? 'single sign-on' : 'license key'})`,
      ].join('\n');
    }
    case 'failed': {
      const f = state.failure;
      return [
        `Activation failed: ${f.code}`,
        `  ${f.message}`,
        `  For IT: ${f.askIt}`,
        ...(f.reference ? [`  Reference: ${f.reference}`] : []),
        // What exactly failed here (which folder, which check): no secret ever goes into it.
        `  Detail: ${f.detail}`,
      ].join('\n');
    }
  }
}
