// Test helpers: the world's control endpoint, and a webshell process per test
// (its own data folder, so every test starts from a device that is not activated).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const control = `http://127.0.0.1:${process.env.E2E_CONTROL_PORT ?? 47123}`;

interface World {
  serviceUrl: string;
  /** The dev service's anchor: the webshell is a development build, configured with it. */
  trustAnchorFile: string;
  /** A license key of an account without SSO, and one of Acme (which enforces SSO). */
  globexKey: string;
  acmeKey: string;
}

export async function world(): Promise<World> {
  return (await fetch(`${control}/world`)).json() as Promise<World>;
}

export async function scenario(name: string): Promise<void> {
  const res = await fetch(`${control}/scenario/${name}`, { method: 'POST' });
  if (!res.ok) throw new Error(`scenario ${name}: ${res.status} ${await res.text()}`);
}

export interface Webshell {
  url: string;
  output: () => string;
  /** Hands the app a URL as the OS would (a second instance's); needs `args: ['--urls-on-stdin']`. */
  openUrl(url: string): void;
  stop(): Promise<void>;
}

export async function startWebshell(
  options: {
    server?: string;
    signInTimeoutS?: number;
    env?: NodeJS.ProcessEnv;
    dataDir?: string;
    /** Another world's service and anchor (the console walk's); else this world's. */
    world?: { serviceUrl: string; trustAnchorFile: string };
    /** More webshell options (--urls-on-stdin, --open-url …). */
    args?: string[];
  } = {},
): Promise<Webshell> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'latchkey-webshell-'));
  const { serviceUrl, trustAnchorFile } = options.world ?? (await world());
  const server = options.server ?? serviceUrl;
  const args = ['main/webshell/main.ts', '--data-dir', dataDir, '--server', server];
  if (options.signInTimeoutS) args.push('--sign-in-timeout', String(options.signInTimeoutS));
  args.push(...(options.args ?? []));
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { LATCHKEY_TRUST_ANCHOR: trustAnchorFile, ...(options.env ?? process.env) },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`webshell did not start:\n${output}`)), 20_000);
    const take = (d: Buffer) => {
      output += d.toString();
      const found = /Latchkey webshell: (http:\/\/\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.once('exit', (code) => reject(new Error(`webshell exited ${code}:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    openUrl: (link) => void child.stdin?.write(`${link}\n`),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
