// `latchkey-server reclaim --account … [--license …] [--dry-run]` (issue 23
// item 2): with --dry-run, what the account's reclamation policies would
// release now (the console's preview); without, it releases them now (each
// device audited as by the scheduled job). --json prints the preview or run.
import { z } from 'zod';
import type { ReclamationDevice } from '../../common/console-api.ts';
import { parseInput } from '../http/validate.ts';
import { previewReclamation, runReclamation } from '../licensing/reclamation.ts';
import { ownLicenseId } from '../licensing/reclamation-policy.ts';
import type { CommandContext } from './commands.ts';

const reclaimOptions = z
  .object({ account: z.uuid(), license: z.uuid().optional(), dryRun: z.boolean().optional() })
  .strict();

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function lines(list: ReclamationDevice[], total: number): string[] {
  const shown = list.map(
    (d) =>
      `  ${d.email ?? d.userId}  ${d.deviceName} (${d.os})  silent ${d.silentDays} days, last check-in ${d.lastCheckInAt}`,
  );
  return total > list.length ? [...shown, `  … and ${total - list.length} more`] : shown;
}

export async function reclaimCommand(
  ctx: CommandContext,
  opts: { account: string; license?: string; dryRun?: boolean },
): Promise<void> {
  const input = parseInput(reclaimOptions, opts, 'options');
  const { db } = ctx.database;
  const scope = {
    accountId: input.account,
    ...(input.license && { licenseId: await ownLicenseId(db, input.account, input.license) }),
  };
  if (input.dryRun) {
    const preview = await previewReclamation(db, ctx.clock, scope);
    const head = `${plural(preview.devices, 'device')} of ${plural(preview.users, 'user')} would be released (dry run, as of ${preview.asOf})`;
    ctx.out.result(preview, [head, ...lines(preview.list, preview.devices)].join('\n'));
    return;
  }
  const run = await runReclamation(db, ctx.clock, scope, { actor: 'cli' });
  const head = `released ${plural(run.released, 'device')} of ${plural(run.users, 'user')} at ${run.ranAt}${run.kept ? ` (${run.kept} kept: checked in during the run)` : ''}`;
  ctx.out.result(run, [head, ...lines(run.list, run.released)].join('\n'));
}
