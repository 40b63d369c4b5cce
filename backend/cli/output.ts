// CLI output: human lines by default, one JSON document with --json. Errors
// go to stderr and set the exit code (2: bad input, 4: refused to start on a
// database that is not this data folder's, 1: anything else).
import { ConfigError } from '../config.ts';
import { DatabaseOpenError } from '../db/connect.ts';
import { refusedStartExitCode, StartRefusedError } from '../db/data-folder-check.ts';
import { ApiError } from '../http/api-error.ts';

export interface Output {
  result(data: unknown, human: string): void;
}

export function makeOutput(json: boolean): Output {
  return {
    result(data, human) {
      process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human}\n`);
    },
  };
}

export function reportError(err: unknown, json: boolean): number {
  const known =
    err instanceof ApiError ||
    err instanceof ConfigError ||
    err instanceof StartRefusedError ||
    err instanceof DatabaseOpenError;
  const code =
    err instanceof ApiError
      ? err.code
      : err instanceof ConfigError
        ? 'invalid_configuration'
        : err instanceof StartRefusedError
          ? 'database_not_this_data_folder'
          : err instanceof DatabaseOpenError
            ? 'database_cannot_open'
            : 'internal_error';
  const message = err instanceof Error ? err.message : String(err);
  if (json) process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
  else process.stderr.write(`latchkey-server: ${message}\n`);
  if (!known && !json && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  if (err instanceof StartRefusedError) return refusedStartExitCode;
  return err instanceof ApiError && err.status < 500 ? 2 : err instanceof ConfigError ? 2 : 1;
}
