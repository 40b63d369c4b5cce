// A one-process `latchkey-server serve` runs with the young-generation cap docs/operations.md
// documents ("Memory"): through the CLI's shebang it has it; started as `node backend/cli/main.ts
// serve` it has not, and says so at start.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { startServeProcess, type ServeProcess } from '../../support/serve-process.ts';

const flagsWarning = "started without the service's V8 flags";
const dirs: string[] = [];
const envFor = () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-v8-flags-'));
  dirs.push(dir);
  return { LATCHKEY_DATA_DIR: dir, LATCHKEY_ENV: 'development', LATCHKEY_DOMAIN_RECHECK_HOURS: '0' };
};
let running: ServeProcess | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('serve started as `node backend/cli/main.ts serve` warns that it runs without --max-semi-space-size=8', async () => {
  running = await startServeProcess(envFor());
  const warning = running.logLines().find((l) => l.msg.startsWith(flagsWarning));
  expect(warning).toMatchObject({ level: 40, missing: ['--max-semi-space-size=8'] });
});

test('with the flag given (NODE_OPTIONS), serve starts without that warning', async () => {
  running = await startServeProcess({ ...envFor(), NODE_OPTIONS: '--max-semi-space-size=8' });
  expect(running.logLines().map((l) => l.msg)).not.toContainEqual(expect.stringContaining(flagsWarning));
});

// Linux: the executable's shebang (`env -S node --max-semi-space-size=8`) is what an installed `latchkey-server` runs.
test('`latchkey-server serve` through its shebang runs with --max-semi-space-size=8', async () => {
  const child = spawn('backend/cli/main.ts', ['serve'], {
    env: { ...process.env, LATCHKEY_PORT: '0', LATCHKEY_LOG_LEVEL: 'info', ...envFor() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  try {
    while (!out.includes('Server listening at')) {
      if (child.exitCode !== null) throw new Error(`serve exited: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')).toContain(
      '--max-semi-space-size=8',
    );
    expect(out).not.toContain(flagsWarning);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});
