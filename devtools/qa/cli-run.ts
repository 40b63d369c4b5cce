// Runs the `latchkey` CLI as QA would on a headless machine: a real process,
// --json, its own app data folder. When it prints the sign-in link
// (--no-browser), `onLink` plays the person who opens it in a browser.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const cli = resolve(import.meta.dirname, '../../main/cli/latchkey.ts');

export interface CliRun {
  exitCode: number | null;
  /** The CLI's --json answer (the state it ended in), or {} when it printed none. */
  json: Record<string, unknown>;
  stderr: string;
  /** The --email the command was given, if any. */
  email: string | null;
}

export interface CliOptions {
  dataDir: string;
  serverUrl: string;
  /** Extra environment, or variables to drop (value undefined). */
  env?: Record<string, string | undefined>;
  onLink?: (link: string) => Promise<void>;
}

export function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  const merged = { ...process.env, LATCHKEY_SERVER_URL: options.serverUrl, ...options.env };
  const env = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, '--json', '--data-dir', options.dataDir, ...args], { env });
    let stdout = '';
    let stderr = '';
    let linkSeen = false;
    const browsing: Promise<void>[] = [];
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // The browser's sign-in link (--no-browser), or a device code's link with the code in it (--device-code).
      const link = /^(https?:\/\/\S+\/oidc\/(?:auth|device\?user_code=)\S*)$/m.exec(stderr)?.[1];
      if (link && options.onLink && !linkSeen) {
        linkSeen = true;
        browsing.push(options.onLink(link));
      }
    });
    child.on('error', fail);
    child.on('close', (exitCode) => {
      Promise.all(browsing).then(
        () => done({ exitCode, json: parseJson(stdout), stderr, email: emailOf(args) }),
        (err: unknown) => fail(err instanceof Error ? err : new Error(String(err))),
      );
    });
  });
}

function emailOf(args: string[]): string | null {
  const at = args.indexOf('--email');
  return at >= 0 ? (args[at + 1] ?? null) : null;
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
