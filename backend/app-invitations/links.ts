// The links an app invitation carries (issue 25 item 3). The email's "Activate
// Latchkey" link goes to the service's landing page, `/activate/i/<token>`,
// not straight to the app: mail clients drop or rewrite custom schemes, and a
// person without the app needs a page that says what to do. The page then
// offers `latchkey://activate?email=…&invitation=…`, which the app opens at
// "Continue with SSO" with the email filled in (it never activates by itself).
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The landing page's token: 32 random bytes, base64url (43 characters). Only its SHA-256 is stored. */
export const appInvitationToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const newAppInvitationToken = (): { token: string; tokenHash: string } => {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashAppInvitationToken(token) };
};

export const hashAppInvitationToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

export const landingPageUrl = (publicUrl: string, token: string): string =>
  `${publicUrl}/activate/i/${token}`;

/** The app's own link (the format the desktop app handles; policy25's side of item 3). */
export const appActivateLink = (email: string, invitationId: string): string =>
  `latchkey://activate?email=${encodeURIComponent(email)}&invitation=${encodeURIComponent(invitationId)}`;
