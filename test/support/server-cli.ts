// `latchkey-server …` as an operator runs it: its own process on a database
// and data folder (a test service's, or a bare one), its output and exit code.
import { spawn } from 'node:child_process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliTarget {
  databaseUrl: string;
  dataDir: string;
}

export async function runServerCli(
  target: CliTarget,
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, ['backend/cli/main.ts', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: target.databaseUrl,
      LATCHKEY_DATA_DIR: target.dataDir,
      ...options.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(options.input ?? '');
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}
