// What `latchkey` prints. With --json, stdout always holds exactly one JSON
// document — the state, doctor's checks, or an error object — so a script can
// parse it whatever happened; the people-facing lines go to stderr.
import type { ActivationState } from '../../common/desktop-api.ts';
import { describeState } from './describe-state.ts';

/** Why a command was refused before (or instead of) an activation state (common/cli-json-schema.ts). */
export type CliErrorCode = 'USAGE' | 'BAD_INPUT' | 'NOT_ACTIVATED' | 'ALREADY_ACTIVATED' | 'FAILED';
export const cliErrorCodes: readonly CliErrorCode[] = [
  'USAGE',
  'BAD_INPUT',
  'NOT_ACTIVATED',
  'ALREADY_ACTIVATED',
  'FAILED',
];

export const jsonLine = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

export function printState(json: boolean, state: ActivationState, exitCode: number): void {
  if (json) jsonLine({ ...state, exitCode });
  else process.stdout.write(`${describeState(state)}\n`);
}

export function printError(json: boolean, code: CliErrorCode, message: string, exitCode: number): void {
  if (json) jsonLine({ error: { code, message }, exitCode });
  else process.stderr.write(`latchkey: ${message}\n`);
}
