// What the user types to activate, checked the same way in the dialogs, the
// CLI and the core before anything is sent.
import { licenseKeyFormat, licenseKeyPattern } from './license-key.ts';

export { licenseKeyFormat } from './license-key.ts';
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** null when fine, else the sentence to show next to the field. */
export function emailProblem(value: string): string | null {
  const email = value.trim();
  if (!email) return 'Enter your work email address.';
  if (!emailPattern.test(email) || email.length > 254)
    return 'Enter your work email address, like name@company.com.';
  return null;
}

export function licenseKeyProblem(value: string): string | null {
  const key = value.trim().toUpperCase();
  if (!key) return 'Enter the enterprise key your IT team gave you.';
  if (!licenseKeyPattern.test(key)) return `Enter the key exactly as given: ${licenseKeyFormat}.`;
  return null;
}
