// `latchkey-server why --email … [--account …] [--via sso|key]`: "Why can't
// this user activate?" from the command line — the access decision's rules
// run read-only (access/explain.ts), printed as a table (or the AccessCheck
// with --json). Exit 0 when a real activation would be allowed, 6 when refused.
import { z } from 'zod';
import type { AccessCheck } from '../../common/access-check.ts';
import { explainAccess } from '../access/explain.ts';
import { parseInput } from '../http/validate.ts';
import type { CommandContext } from './commands.ts';

/** The exit code of `why` when the check finds a refusal. */
export const accessRefusedExitCode = 6;

const whyOptions = z
  .object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
    account: z.uuid().optional(),
    via: z.enum(['sso', 'key']).optional(),
  })
  .strict();

const shown = (value: unknown): string =>
  typeof value === 'string' ? value : value === null || value === undefined ? '-' : JSON.stringify(value);

/** The human table: one line per rule, evidence as `key=value`, the remedy under a failing rule. */
export function formatAccessCheck(check: AccessCheck): string {
  const rows = check.rules.map((r) => ({
    rule: r.rule,
    verdict: r.verdict,
    evidence: Object.entries(r.evidence)
      .map(([k, v]) => `${k}=${shown(v)}`)
      .join(', '),
    remedy: r.remedy,
  }));
  const width = (key: 'rule' | 'verdict') => Math.max(key.length, ...rows.map((r) => r[key].length));
  const [w1, w2] = [width('rule'), width('verdict')];
  const line = (a: string, b: string, c: string) => `${a.padEnd(w1)}  ${b.padEnd(w2)}  ${c}`.trimEnd();
  const head = check.allowed
    ? `${check.email}: allowed (${check.via})`
    : `${check.email}: refused with ${check.code ?? '?'} (${check.via})`;
  return [
    head,
    line('rule', 'verdict', 'evidence'),
    ...rows.flatMap((r) => [
      line(r.rule, r.verdict, r.evidence),
      ...(r.remedy ? [line('', '', `remedy: ${r.remedy}`)] : []),
    ]),
  ].join('\n');
}

export async function whyCommand(
  ctx: CommandContext,
  opts: { email: string; account?: string; via?: string },
): Promise<void> {
  const input = parseInput(whyOptions, opts, 'options');
  const check = await explainAccess(ctx.database.db, ctx.clock, {
    email: input.email,
    accountId: input.account ?? null,
    ...(input.via && { via: input.via }),
  });
  ctx.out.result(check, formatAccessCheck(check));
  if (!check.allowed) process.exitCode = accessRefusedExitCode;
}
