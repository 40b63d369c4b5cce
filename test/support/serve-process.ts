// `latchkey-server serve` as a child process, for tests about the process
// itself: does it survive a fault, what does it log, how does it exit.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface ServeProcess {
  url: string;
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** The pino lines printed so far, parsed. */
  logLines(): { level: number; msg: string; [k: string]: unknown }[];
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface ServeResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `asUser` (root only): run it as that user, through runuser. */
export function spawnServer(args: string[], env: Record<string, string>, asUser?: string) {
  const command = [process.execPath, 'backend/cli/main.ts', ...args];
  const [file, ...rest] = asUser ? ['runuser', '-u', asUser, '--', ...command] : command;
  const child = spawn(file ?? process.execPath, rest, {
    // Tests sign accounts up over HTTP, as startTestService lets them (production closes sign-up).
    env: {
      ...process.env,
      LATCHKEY_PORT: '0',
      LATCHKEY_LOG_LEVEL: 'info',
      LATCHKEY_SIGNUP: 'open',
      LATCHKEY_SIGNUPS_PER_HOUR: '10000',
      LATCHKEY_SAML_ACS_POSTS_PER_MINUTE: '100000',
      LATCHKEY_CONSOLE_SSO_STARTS_PER_MINUTE: '100000',
      LATCHKEY_APP_SIGN_IN_STARTS_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** Runs a command to its end; one that still runs after `timeoutMs` is killed (code null). */
export async function runServer(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServeResult> {
  const p = spawnServer(args, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/** Starts `serve` and resolves once it listens; rejects with its output if it exits first. */
export async function startServeProcess(
  env: Record<string, string>,
  args: string[] = [],
  asUser?: string,
): Promise<ServeProcess> {
  const p = spawnServer(['serve', ...args], env, asUser);
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(p.stdout());
      if (m?.[1]) {
        p.child.stdout.off('data', onData);
        resolve(m[1]);
      }
    };
    p.child.stdout.on('data', onData);
    void p.exited.then((code) =>
      reject(new Error(`serve exited early with ${code}: ${p.stdout()}\n${p.stderr()}`)),
    );
  });
  return {
    url,
    child: p.child,
    stdout: p.stdout,
    stderr: p.stderr,
    logLines: () =>
      p
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; msg: string }),
    async stop() {
      if (p.child.exitCode !== null) return p.child.exitCode;
      p.child.kill('SIGTERM');
      return p.exited;
    },
  };
}
