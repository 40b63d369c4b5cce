// data/demo.env: what a second shell needs to drive the demo with the QA CLI
// (`source data/demo.env; latchkey doctor`, and `latchkey-qa sign-in` for the
// browser step): the project's Node, the demo's
// service URL and its trust anchor (the CLI is a development build: it trusts
// the demo service's root by configuration), a CLI data folder of its own, and — when the demo runs its own
// gnome-keyring because there is no desktop session — that keyring's session bus.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export async function writeQaEnv(
  dataRoot: string,
  serverUrl: string,
  trustAnchorFile: string | undefined,
): Promise<string> {
  const file = join(dataRoot, 'demo.env');
  const bus = process.env.DBUS_SESSION_BUS_ADDRESS;
  const lines = [
    '# Written by the demo on every start. In another shell: source this file, then `latchkey doctor`.',
    `source ${quote(join(root, 'scripts', 'toolchain.sh'))}`,
    `export LATCHKEY_SERVER_URL=${quote(serverUrl)}`,
    ...(trustAnchorFile ? [`export LATCHKEY_TRUST_ANCHOR=${quote(trustAnchorFile)}`] : []),
    `export LATCHKEY_APP_DATA=${quote(join(dataRoot, 'cli'))}`,
    ...(bus ? [`export DBUS_SESSION_BUS_ADDRESS=${quote(bus)}`] : []),
    `latchkey() { node ${quote(join(root, 'main', 'cli', 'latchkey.ts'))} "$@"; }`,
    // The browser step of `latchkey activate --no-browser`, from a second shell (devtools/latchkey-qa.ts).
    `latchkey-qa() { node ${quote(join(root, 'devtools', 'latchkey-qa.ts'))} "$@"; }`,
    '',
  ];
  await writeFile(file, lines.join('\n'), { mode: 0o600 });
  return file;
}
