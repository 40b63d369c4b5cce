// The service as production runs it, for benchmarks measured from another
// process: `latchkey-server serve --workers N` on a data folder and database a
// benchmark has filled. Its log goes to a file (read only to learn the URL),
// so the benchmark does not spend CPU draining it.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceV8Flags } from '../backend/v8-flags.ts';

export interface ServeProcesses {
  url: string;
  /** The process `serve` runs in (with one worker, the one that answers). */
  pid: number | undefined;
  stop(): Promise<void>;
}

export async function startServeProcesses(options: {
  dataDir: string;
  databaseUrl?: string;
  workers: number;
  logLevel?: string;
  env?: Record<string, string>;
}): Promise<ServeProcesses> {
  const logFile = join(options.dataDir, `serve-${options.workers}-${Date.now()}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      // As the CLI's shebang starts it (backend/v8-flags.ts).
      ...serviceV8Flags,
      new URL('../backend/cli/main.ts', import.meta.url).pathname,
      'serve',
      '--workers',
      String(options.workers),
    ],
    {
      env: {
        ...process.env,
        LATCHKEY_PORT: '0',
        LATCHKEY_DATA_DIR: options.dataDir,
        LATCHKEY_LOG_LEVEL: options.logLevel ?? 'info',
        LATCHKEY_DOMAIN_RECHECK_HOURS: '0',
        ...(options.databaseUrl && { DATABASE_URL: options.databaseUrl }),
        ...options.env,
      },
      stdio: ['ignore', fd, fd],
    },
  );
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // One process says "Server listening"; a primary says "workers listening" once all of them do.
  const ready =
    options.workers > 1 ? /"url":"(http:[^"]+)","workers"/ : /Server listening at (http:\/\/[^"]+)/;
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = Date.now() + 120_000;
    const poll = setInterval(() => {
      const m = ready.exec(readFileSync(logFile, 'utf8'));
      if (m?.[1]) {
        clearInterval(poll);
        resolve(m[1]);
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`serve did not start: ${readFileSync(logFile, 'utf8').slice(-2000)}`));
      }
    }, 100);
  });
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
