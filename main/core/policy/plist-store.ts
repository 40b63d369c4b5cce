// macOS managed preferences: a configuration profile's payload for our bundle id lands in
// /Library/Managed Preferences/<bundle id>.plist (and per user in
// /Library/Managed Preferences/<user>/<bundle id>.plist), as XML or binary plist.
import { parseBuffer } from 'bplist-parser';
import { parse as parseXmlPlist } from 'plist';
import { valuesOf } from './raw-policy.ts';

const binaryMagic = 'bplist00';

/** The dictionary in a plist file's bytes; throws with a sentence an admin can act on. */
export function parsePlist(bytes: Buffer): Map<string, unknown> {
  let parsed: unknown;
  try {
    parsed =
      bytes.subarray(0, binaryMagic.length).toString('latin1') === binaryMagic
        ? parseBuffer(bytes)[0]
        : parseXmlPlist(bytes.toString('utf8'));
  } catch (err) {
    throw new Error(`not a readable property list (${(err as Error).message.split('\n')[0]})`, {
      cause: err,
    });
  }
  const values = valuesOf(parsed);
  if (!values) throw new Error('the property list holds no dictionary at its top');
  return values;
}
