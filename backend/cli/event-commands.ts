// `latchkey-server events` (read an account's events, as the events API
// answers them) and `create-api-key`, `list-api-keys`, `revoke-api-key` (issue 24 item 3).
import { z } from 'zod';
import { apiKeyScopes, createApiKey, listApiKeys, revokeApiKey } from '../events-api/api-keys.ts';
import { eventsQueryInput, toEventsQuery } from '../events-api/event-query.ts';
import { readEvents } from '../events/read-events.ts';
import { parseInput } from '../http/validate.ts';
import type { CommandContext } from './commands.ts';

const accountIdOption = z.uuid({ message: 'must be an account id (UUID)' });
const actor = 'cli';

export async function eventsCommand(
  ctx: CommandContext,
  opts: { account: string; after?: string; types?: string; limit?: string },
): Promise<void> {
  const accountId = parseInput(accountIdOption, opts.account, 'option --account');
  const { account: _account, ...query } = opts;
  const page = await readEvents(
    ctx.database.db,
    accountId,
    toEventsQuery(parseInput(eventsQueryInput, query, 'options')),
  );
  ctx.out.result(
    page,
    [
      ...page.events.map((e) => `${e.cursor}  ${e.occurredAt}  ${e.type}  ${JSON.stringify(e.data)}`),
      `next: --after ${page.next}`,
    ].join('\n'),
  );
}

const createKeyInput = z
  .object({
    label: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(apiKeyScopes)).min(1),
  })
  .strict();

export async function createApiKeyCommand(
  ctx: CommandContext,
  opts: { account: string; label: string; scope: string[] },
): Promise<void> {
  const accountId = parseInput(accountIdOption, opts.account, 'option --account');
  const input = parseInput(createKeyInput, { label: opts.label, scopes: opts.scope }, 'options');
  const { key, view } = await createApiKey(ctx.database.db, ctx.clock, { accountId, ...input, actor });
  ctx.out.result(
    { key, ...view },
    `API key ${view.id} (${view.label}, ${view.scopes.join(' ')}):\n${key}\nshown once: store it now`,
  );
}

export async function listApiKeysCommand(ctx: CommandContext, opts: { account: string }): Promise<void> {
  const accountId = parseInput(accountIdOption, opts.account, 'option --account');
  const keys = await listApiKeys(ctx.database.db, accountId);
  ctx.out.result(
    { keys },
    keys
      .map(
        (k) =>
          `${k.id}  …${k.lastCharacters}  ${k.label}  ${k.scopes.join(' ')}${k.revokedAt ? '  revoked' : ''}`,
      )
      .join('\n') || '(no API keys)',
  );
}

export async function revokeApiKeyCommand(
  ctx: CommandContext,
  opts: { account: string; id: string },
): Promise<void> {
  const accountId = parseInput(accountIdOption, opts.account, 'option --account');
  const keyId = parseInput(z.uuid({ message: 'must be an API key id (UUID)' }), opts.id, 'option --id');
  await revokeApiKey(ctx.database.db, ctx.clock, { accountId, keyId, actor });
  ctx.out.result({ revoked: keyId }, `revoked API key ${keyId}`);
}
