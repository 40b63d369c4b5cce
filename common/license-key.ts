// A license key as the service generates it (backend/licensing/license-registry.ts)
// and as the service, the app's dialogs and the CLI check it before use:
// LK- and four groups of five in Crockford base32 without I, L, O, U
// (readable when typed from a screen).
export const licenseKeyFormat = 'LK-XXXXX-XXXXX-XXXXX-XXXXX';
export const licenseKeyAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const licenseKeyGroups = 4;
export const licenseKeyGroupLength = 5;
export const licenseKeyPattern = /^LK(-[0-9A-HJKMNP-TV-Z]{5}){4}$/;

/** Builds a key from groups of the alphabet (the service's generator picks them at random). */
export const licenseKeyFrom = (groups: readonly string[]): string => ['LK', ...groups].join('-');
