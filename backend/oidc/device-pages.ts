// The pages of a device-code sign-in (RFC 8628 §3.3) on the second device:
// enter the code, confirm which app and which device it activates, done.
// Phishing of device codes is the known attack (RFC 8628 §5.4): the
// confirmation names the device the code came from (its name and OS, sent
// by the app at device authorization) and the email it signs in, and asks.
import { escapeHtml, page } from '../http/pages.ts';

/** What the app said about itself at device authorization (validated there: device-flow.ts). */
export interface WaitingDevice {
  deviceName: string;
  os: string;
  email: string;
}

export type CodeEntryProblem = 'wrong-code' | 'expired' | 'used' | 'cancelled' | 'other';

const problemText: Record<CodeEntryProblem, string> = {
  'wrong-code': 'That code is not right. Check the code the app shows and try again.',
  expired: 'That code has expired. Start the sign-in on the other device again for a new code.',
  used: 'That code was already used. Start the sign-in on the other device again for a new code.',
  cancelled:
    'The sign-in was cancelled: the app on the other device is told. If you did not start it, tell your IT team.',
  other: 'The sign-in did not work. Start it again on the other device.',
};

/** `form`: oidc-provider's form (its xsrf token and the code field), submitted by our button. */
export function codeEntryPage(form: string, problem?: CodeEntryProblem): string {
  const message = problem
    ? `<p role="alert">${escapeHtml(problemText[problem])}</p>`
    : '<p>Enter the code the Latchkey app shows on the computer you are activating.</p>';
  // oidc-provider's form has a bare input: we label it (and drop its placeholder-only naming).
  const labelled = form
    .replace('<input\n', '<label for="user_code">Code</label> <input id="user_code" ')
    .replace('placeholder="Enter code" ', 'placeholder="XXXX-XXXX" ');
  return page(
    'Sign in to Latchkey',
    `<main><h1>Sign in to Latchkey</h1>${message}${labelled}` +
      '<p><button type="submit" form="op.deviceInputForm">Continue</button></p></main>',
  );
}

export function confirmPage(form: string, device: WaitingDevice, userCode: string): string {
  const abort = form
    .replace('id="op.deviceConfirmForm"', 'id="abort"')
    .replace('name="confirm" value="yes"', 'name="abort" value="yes"');
  return page(
    'Activate Latchkey on this device?',
    `<main><h1>Activate Latchkey on this device?</h1>` +
      `<p>You are signing in the <strong>Latchkey</strong> app on <strong>${escapeHtml(device.deviceName)}</strong> ` +
      `(${escapeHtml(device.os)}) as <strong>${escapeHtml(device.email)}</strong>.</p>` +
      `<p>The app on that device shows the code <code>${escapeHtml(userCode)}</code>.</p>` +
      '<p>Continue only if you started this sign-in yourself and that device is in front of you. ' +
      'If someone sent you this code, do not continue.</p>' +
      `${form}${abort}` +
      '<p><button type="submit" form="op.deviceConfirmForm">Yes, sign in on this device</button> ' +
      '<button type="submit" form="abort">This is not my device</button></p></main>',
  );
}

export function signedInPage(device: WaitingDevice | null): string {
  const where = device ? ` on ${escapeHtml(device.deviceName)}` : '';
  return page(
    'Signed in',
    `<main><h1>Signed in</h1><p role="status">The Latchkey app${where} continues the activation now. You can close this page.</p></main>`,
  );
}
