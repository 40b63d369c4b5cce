// How the app and the CLI say who holds the license: only what the signed
// license names (DESIGN.md, flow step 9), and — when someone else signed in
// than the email typed — a sentence that says so plainly.
import type { LicenseSummary } from './desktop-api.ts';

type Holder = Pick<LicenseSummary, 'licensedTo' | 'holderName' | 'requestedEmail'>;

/** "Alice Admin (alice@acme.test)", or the email alone when the license names no display name. */
export function holderText(license: Holder): string {
  return license.holderName ? `${license.holderName} (${license.licensedTo})` : license.licensedTo;
}

/** Said only when the person who signed in is not the one whose email was typed. */
export function signedInAsText(license: Holder): string | null {
  if (!license.requestedEmail) return null;
  return (
    `You signed in as ${license.licensedTo}, not ${license.requestedEmail} (the email you typed). ` +
    `This license is for ${license.licensedTo}.`
  );
}
