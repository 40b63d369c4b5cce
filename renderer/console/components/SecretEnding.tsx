// A Bearer Token or Client Secret as step 5 lists it after its one showing:
// "lks_…AbCd" as code, or the plain words for one with no ending kept.
import { secretEnding } from '../lib/secret-ending.ts';

export function SecretEnding({
  kind,
  lastCharacters,
}: {
  kind: 'token' | 'secret';
  lastCharacters: string | null;
}) {
  const text = secretEnding(kind, lastCharacters);
  return lastCharacters === null ? (
    <span className="description">{text}</span>
  ) : (
    <code className="secret-ending">{text}</code>
  );
}
