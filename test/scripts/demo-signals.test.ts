// `bash scripts/demo.sh` stops as a newcomer expects: SIGINT, SIGTERM or SIGHUP sent to the
// script's own process (`kill -INT <pid>`, not to a process group) stops every process the demo
// started — node, dbus-run-session, dbus-daemon, gnome-keyring-daemon, esbuild — frees its
// ports and says so; a busy port is one line naming its variable, not a stack trace.
// Each run has its own data folder and free ports, and every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Every live process whose environment carries this demo's data folder (zombies have none). */
function processesOf(dataDir: string): { pid: number; command: string }[] {
  const marker = `LATCHKEY_DEMO_DATA=${dataDir}`;
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), command });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

function killAll(dataDir: string): void {
  for (const p of processesOf(dataDir)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((done) => {
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function within<T>(ms: number, what: string, check: () => T | Promise<T>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Run {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
  pid: () => number;
}

/**
 * `bash scripts/demo.sh`, or with `background` as a script starts it (`bash scripts/demo.sh &`
 * in `sh -c`: SIGINT then arrives ignored); `pid()` is the script's own process id.
 */
function startDemo(dataDir: string, ports: { service: number; webshell: number }, background = false): Run {
  const command: [string, string[]] = background
    ? ['sh', ['-c', 'bash scripts/demo.sh & echo "demo.sh pid $!"; wait']]
    : ['bash', ['scripts/demo.sh']];
  const child = spawn(command[0], command[1], {
    cwd: root,
    // Its own process group, so a failing test can still clean up; the signals below go to
    // the script's process only, as `kill -INT <pid>` does.
    detached: true,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      LATCHKEY_SKIP_SETUP: '1',
      LATCHKEY_DEMO_DATA: dataDir,
      LATCHKEY_PORT: String(ports.service),
      LATCHKEY_WEBSHELL_PORT: String(ports.webshell),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const pid = () => (background ? Number(/demo\.sh pid (\d+)/.exec(out)?.[1]) : (child.pid ?? 0));
  return { child, out: () => out, exited, pid };
}

const ready = 'Press Ctrl-C to stop everything.';

describe('scripts/demo.sh stops as it should', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'latchkey-demo-signals-'));
  });
  afterAll(async () => {
    killAll(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  });

  const cases = [
    { signal: 'SIGINT', background: false },
    { signal: 'SIGTERM', background: false },
    { signal: 'SIGHUP', background: false },
    { signal: 'SIGINT', background: true },
  ] as const;
  for (const { signal, background } of cases) {
    const how = background ? ' (started with & by a script, so SIGINT arrived ignored)' : '';
    test(`${signal} to the script's process${how} stops every process it started and frees both ports`, async () => {
      const ports = { service: await freePort(), webshell: await freePort() };
      const demo = startDemo(dataDir, ports, background);
      try {
        await within(
          120_000,
          'the demo is ready',
          () => demo.out().includes(ready) || demo.child.exitCode !== null,
        );
        expect(demo.out()).toContain(ready);
        // The first screen is for people: the service's log lines are readable, not raw JSON.
        expect(demo.out()).not.toMatch(/^\{"level"/m);
        const running = processesOf(dataDir);
        expect(running.map((p) => p.command).join('\n')).toMatch(/node devtools\/demo\.ts/);

        process.kill(demo.pid(), signal);
        const code = await Promise.race([
          demo.exited,
          new Promise((r) => setTimeout(() => r('hung'), 30_000)),
        ]);
        expect(code).toBe(0);
        expect(demo.out()).toMatch(new RegExp(`demo: ${signal}: stopping`));
        expect(demo.out()).toMatch(/demo: stopped/);
        // What it started is gone (a moment for the last of them to be reaped) and the ports are free.
        await within(10_000, `no process of the demo is left: ${JSON.stringify(processesOf(dataDir))}`, () =>
          processesOf(dataDir).length === 0 ? true : undefined,
        );
        expect(await canListen(ports.service)).toBe(true);
        expect(await canListen(ports.webshell)).toBe(true);
      } finally {
        killAll(dataDir);
      }
    });
  }

  for (const busy of ['LATCHKEY_PORT', 'LATCHKEY_WEBSHELL_PORT'] as const) {
    test(`a busy ${busy} is one line naming it, not a stack trace; nothing is left running`, async () => {
      const ports = { service: await freePort(), webshell: await freePort() };
      const taken: Server = createServer();
      const port = busy === 'LATCHKEY_PORT' ? ports.service : ports.webshell;
      await new Promise<void>((done) => taken.listen(port, '127.0.0.1', done));
      const demo = startDemo(dataDir, ports);
      try {
        const code = await Promise.race([
          demo.exited,
          new Promise((r) => setTimeout(() => r('hung'), 120_000)),
        ]);
        expect(code).toBe(2);
        const lines = demo.out().split('\n');
        const named = lines.filter((l) => l.includes(busy));
        expect(named).toHaveLength(1);
        expect(named[0]).toContain(String(port));
        expect(demo.out()).not.toMatch(/^\s+at /m);
        await within(10_000, `no process of the demo is left: ${JSON.stringify(processesOf(dataDir))}`, () =>
          processesOf(dataDir).length === 0 ? true : undefined,
        );
      } finally {
        killAll(dataDir);
        await new Promise((done) => taken.close(done));
      }
    });
  }
});
