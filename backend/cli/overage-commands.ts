// `latchkey-server set-overage --license <id> --percent <P>`: how far over its
// seat count a license may go (issue 23 item 3), for operators who script
// licenses from the CLI; the same rule, validation and audit as the console's
// PUT /api/console/licenses/:id/overage (licensing/license-overage.ts).
import { z } from 'zod';
import { ApiError } from '../http/api-error.ts';
import { parseInput } from '../http/validate.ts';
import { licenseOverageInput, setLicenseOverage } from '../licensing/license-overage.ts';
import type { CommandContext } from './commands.ts';

const licenseIdOption = z.uuid({ message: 'must be a license id (UUID)' });

export async function setOverageCommand(
  ctx: CommandContext,
  opts: { license: string; percent: string },
): Promise<void> {
  const licenseId = parseInput(licenseIdOption, opts.license, 'option --license');
  // A whole number goes in as one; anything else as typed, so the rule's own message says why not.
  const typed = opts.percent.trim();
  const input = parseInput(
    licenseOverageInput,
    { percent: /^-?\d+$/.test(typed) ? Number(typed) : typed },
    'options',
  );
  const license = await ctx.database.db
    .selectFrom('licenses')
    .select('account_id')
    .where('id', '=', licenseId)
    .executeTakeFirst();
  if (!license) throw new ApiError(404, 'license_not_found', `no license ${licenseId}`);
  const set = await setLicenseOverage(
    ctx.database.db,
    ctx.clock,
    license.account_id,
    licenseId,
    input,
    'cli',
  );
  ctx.out.result(
    set,
    set.percent === 0
      ? `license ${licenseId}: overage off, at most ${set.seats} seat holders`
      : `license ${licenseId}: up to ${set.percent} % over ${set.seats} seats, at most ${set.ceiling} seat holders`,
  );
}
