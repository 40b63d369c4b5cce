// `latchkey-server usage --account … [--idle-days N] [--json]`: the console's
// Usage page from the command line — one page of the account's devices with
// their users, active or idle, and (on the first page) the summary: devices
// active vs idle and seats held per license and sublicense. --cursor goes on.
import type { UsagePage, UsageRow, UsageSummary } from '../../common/console-usage.ts';
import { ApiError } from '../http/api-error.ts';
import { parseInput } from '../http/validate.ts';
import { usageQuery } from '../console/usage-filters.ts';
import { usagePage } from '../console/usage-query.ts';
import { usageSummary } from '../console/usage-summary.ts';
import { z } from 'zod';
import type { CommandContext } from './commands.ts';

export interface UsageOptions {
  account: string;
  idleDays?: string;
  license?: string;
  sublicense?: string;
  group?: string;
  search?: string;
  limit?: string;
  cursor?: string;
}

const accountOption = z.uuid({ message: 'must be an account id (UUID)' });

function summaryLines(s: UsageSummary | null): string[] {
  if (!s) return [];
  return [
    `devices: ${s.devices.active} active, ${s.devices.idle} idle (idle = no check-in for ${s.idleDays} days)`,
    ...s.licenses.flatMap((l) => [
      `license ${l.id} (${l.edition}): ${l.seatsHeld} of ${l.seats} seats held`,
      ...l.sublicenses.map((sl) => `  sublicense ${sl.group}: ${sl.seatsHeld} of ${sl.seats} seats held`),
    ]),
    '',
  ];
}

function table(rows: UsageRow[]): string[] {
  const cells = rows.map((r) => [
    r.state,
    `${r.silentDays}d`,
    r.lastCheckInAt.slice(0, 10),
    r.firstActivatedAt.slice(0, 10),
    r.user.email ?? r.user.userName,
    r.deviceName,
    r.os,
    r.appVersion,
    (r.sublicense ? `${r.license.edition}/${r.sublicense.group}` : r.license.edition) +
      (r.overCount ? ' (over)' : ''),
  ]);
  const head = [
    'state',
    'silent',
    'last check-in',
    'activated',
    'user',
    'device',
    'os',
    'version',
    'license',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)];
}

export function formatUsage(page: UsagePage, summary: UsageSummary | null): string {
  return [
    ...summaryLines(summary),
    ...(page.items.length ? table(page.items) : ['(no devices)']),
    ...(page.nextCursor ? [`more: add --cursor ${page.nextCursor}`] : []),
  ].join('\n');
}

/** The API's field names as this command's options, so an error names what was typed. */
const optionOf: Record<string, string> = { idleFor: '--idle-days', q: '--search' };

function asOptionError(err: unknown): unknown {
  if (!(err instanceof ApiError) || err.field === undefined) return err;
  const option = optionOf[err.field] ?? `--${err.field}`;
  return new ApiError(err.status, err.code, `${option}${err.message.slice(err.field.length)}`, {
    field: option,
  });
}

export async function usageCommand(ctx: CommandContext, opts: UsageOptions): Promise<void> {
  const accountId = parseInput(accountOption, opts.account, 'option --account');
  try {
    await printUsage(ctx, accountId, opts);
  } catch (err) {
    throw asOptionError(err);
  }
}

async function printUsage(ctx: CommandContext, accountId: string, opts: UsageOptions): Promise<void> {
  const query = parseInput(
    usageQuery,
    {
      ...(opts.idleDays !== undefined && { idleFor: opts.idleDays }),
      ...(opts.license !== undefined && { license: opts.license }),
      ...(opts.sublicense !== undefined && { sublicense: opts.sublicense }),
      ...(opts.group !== undefined && { group: opts.group }),
      ...(opts.search !== undefined && { q: opts.search }),
      ...(opts.limit !== undefined && { limit: opts.limit }),
      ...(opts.cursor !== undefined && { cursor: opts.cursor }),
    },
    'options',
  );
  const page = await usagePage(ctx.database, ctx.clock, accountId, query);
  // The summary with the first page only (it counts every device; later pages are a cursor away).
  const summary =
    query.cursor === undefined ? await usageSummary(ctx.database.db, ctx.clock, accountId) : null;
  ctx.out.result({ ...page, summary }, formatUsage(page, summary));
}
