// What `latchkey` prints. With --json, stdout always holds exactly one JSON
// document — the state, doctor's checks, or an error object — so a script can
// parse it whatever happened; progress lines for people go to stderr.
import type { cliErrorSchema } from '../../common/cli-json-schema.ts';
import type { ActivationState } from '../../common/desktop-api.ts';
import { describeState } from './describe-state.ts';

/** Why a command was refused: the codes of the documented error object (common/cli-json-schema.ts). */
export type CliErrorCode = (typeof cliErrorSchema.properties.error.properties.code.enum)[number];

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
