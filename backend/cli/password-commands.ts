// `latchkey-server reset-password`: the way back in for an owner or backup login who lost the
// password (the demo's owner among them). The new password comes from the operator, or is
// generated here and printed once; it is never logged or audited.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { emailSchema, passwordSchema } from '../accounts/account-service.ts';
import { resetPassword } from '../accounts/password-reset.ts';
import { ApiError } from '../http/api-error.ts';
import { parseInput } from '../http/validate.ts';
import type { CommandContext } from './commands.ts';

const resetOptions = z.object({ email: emailSchema, account: z.uuid().optional() }).strict();

/** The operator's choice (`from` names where it came from, for the error), else a generated one. */
export function newPassword(
  given: string | undefined,
  from: string,
): { password: string; generated: boolean } {
  if (given === undefined || given === '')
    return { password: randomBytes(18).toString('base64url'), generated: true };
  const checked = passwordSchema.safeParse(given);
  if (!checked.success)
    throw new ApiError(
      400,
      'invalid_input',
      `${from}: ${checked.error.issues[0]?.message ?? 'not a valid password'}`,
    );
  return { password: checked.data, generated: false };
}

export async function resetPasswordCommand(
  ctx: CommandContext,
  opts: { email: string; account?: string },
  given: { password: string | undefined; from: string },
): Promise<void> {
  const input = parseInput(resetOptions, opts, 'options');
  const { password, generated } = newPassword(given.password, given.from);
  const reset = await resetPassword(
    ctx.database.db,
    ctx.clock,
    { email: input.email, password, ...(input.account && { accountId: input.account }) },
    'cli',
  );
  const ended = `${reset.sessionsEnded} console ${reset.sessionsEnded === 1 ? 'session' : 'sessions'} ended`;
  ctx.out.result(
    { ...reset, ...(generated && { password }) },
    generated
      ? `new password for ${reset.email} (shown once, save it now): ${password}\n${ended}`
      : `password for ${reset.email} set from ${given.from}; ${ended}`,
  );
}
