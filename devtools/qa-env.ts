// data/demo.env: what a second shell needs to drive the demo with the QA CLI
// (`source data/demo.env; latchkey doctor`): the project's Node, the demo's
// service URL, a CLI data folder of its own, and — when the demo runs its own
// gnome-keyring because there is no desktop session — that keyring's session bus.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export async function writeQaEnv(dataRoot: string, serverUrl: string): Promise<string> {
  const file = join(dataRoot, 'demo.env');
  const bus = process.env.DBUS_SESSION_BUS_ADDRESS;
  const lines = [
    '# Written by the demo on every start. In another shell: source this file, then `latchkey doctor`.',
    `source ${quote(join(root, 'scripts', 'toolchain.sh'))}`,
    `export LATCHKEY_SERVER_URL=${quote(serverUrl)}`,
    `export LATCHKEY_APP_DATA=${quote(join(dataRoot, 'cli'))}`,
    ...(bus ? [`export DBUS_SESSION_BUS_ADDRESS=${quote(bus)}`] : []),
    `latchkey() { node ${quote(join(root, 'main', 'cli', 'latchkey.ts'))} "$@"; }`,
    '',
  ];
  await writeFile(file, lines.join('\n'), { mode: 0o600 });
  return file;
}
