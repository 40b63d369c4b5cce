// `latchkey activate --device-code` (issue 26 item 2): the code, the link to
// enter it at and a text QR code of the link with the code in it, for the
// phone or other computer that finishes the sign-in (RFC 8628 §3.3.1).
import QRCode from 'qrcode';
import type { DeviceCodePrompt } from '../../common/desktop-api.ts';

export async function deviceCodeInstructions(prompt: DeviceCodePrompt): Promise<string> {
  const qr = await QRCode.toString(prompt.verificationUriComplete, { type: 'terminal', small: true });
  const until = prompt.expiresAt.slice(11, 16);
  return (
    `Sign in on your phone or another computer:\n` +
    `  1. Open ${prompt.verificationUri}\n` +
    `  2. Enter the code ${prompt.userCode}\n` +
    `Or open the link with the code in it, or scan it:\n${prompt.verificationUriComplete}\n${qr}\n` +
    `The code works until ${until} UTC. Waiting for the sign-in on the other device… (Ctrl-C to cancel)\n`
  );
}
