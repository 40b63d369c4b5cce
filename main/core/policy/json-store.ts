// Linux: /etc/latchkey/policy.json, one JSON object of policy keys (as VS Code's
// /etc/vscode/policy.json). Also the format of the user's own settings file.
import { valuesOf } from './raw-policy.ts';

export function parsePolicyJson(text: string): Map<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON (${(err as Error).message})`, { cause: err });
  }
  const values = valuesOf(parsed);
  if (!values) throw new Error('must be one JSON object of policy keys, like {"ActivateAtStart": true}');
  return values;
}
