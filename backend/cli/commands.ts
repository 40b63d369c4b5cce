// The use cases behind `latchkey-server` subcommands, each against an open
// database. No HTTP: admins and QA script setup without the console.
import { z } from 'zod';
import { createAccount, createAccountInput, listAccounts } from '../accounts/account-service.ts';
import type { Clock } from '../clock.ts';
import type { ServiceConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { addDomain, listDomains, recheckAllDomains, verifyDomain } from '../domains/domain-service.ts';
import { normalizeDomain } from '../domains/domain-name.ts';
import { createTxtLookup } from '../domains/txt-verifier.ts';
import { ApiError } from '../http/api-error.ts';
import { parseInput } from '../http/validate.ts';
import { issueLicenseInput, issueLicenseKey } from '../licensing/license-registration.ts';
import { addLicense, addLicenseInput } from '../licensing/license-registry.ts';
import type { Output } from './output.ts';

export interface CommandContext {
  config: ServiceConfig;
  database: DatabaseHandle;
  clock: Clock;
  out: Output;
}

const actor = 'cli';

export async function createAccountCommand(
  ctx: CommandContext,
  opts: { name: string; ownerEmail: string; ownerPassword: string },
): Promise<void> {
  const input = parseInput(createAccountInput, opts, 'options');
  const account = await createAccount(ctx.database.db, ctx.clock, input, actor);
  ctx.out.result(account, `created account ${account.id} (${account.name}), owner ${account.ownerEmail}`);
}

export async function listAccountsCommand(ctx: CommandContext): Promise<void> {
  const accounts = await listAccounts(ctx.database.db);
  ctx.out.result({ accounts }, accounts.map((a) => `${a.id}  ${a.name}`).join('\n') || '(no accounts)');
}

export async function addLicenseCommand(
  ctx: CommandContext,
  opts: { account?: string; edition: string; seats: string; expires: string; deviceLimit?: string },
): Promise<void> {
  const terms = {
    edition: opts.edition,
    seats: Number(opts.seats),
    expiresAt: opts.expires,
    ...(opts.deviceLimit !== undefined && { deviceLimit: Number(opts.deviceLimit) }),
  };
  if (opts.account === undefined) {
    // A key for a customer to register in the console (Licenses → Register license key).
    const issued = await issueLicenseKey(
      ctx.database.db,
      ctx.clock,
      parseInput(issueLicenseInput, terms, 'options'),
      actor,
    );
    ctx.out.result(
      issued,
      `license key ${issued.key}: ${issued.edition}, ${issued.seats} seats, ${issued.deviceLimit} devices per user, until ${issued.expiresAt}\n` +
        'not registered to any account yet: the customer registers it in the console (Licenses → Register license key)',
    );
    return;
  }
  const input = parseInput(addLicenseInput, { accountId: opts.account, ...terms }, 'options');
  const license = await addLicense(ctx.database.db, ctx.clock, input, actor);
  ctx.out.result(
    license,
    `license ${license.key}: ${license.edition}, ${license.seats} seats, ${license.deviceLimit} devices per user, until ${license.expiresAt}`,
  );
}

const accountIdOption = z.uuid({ message: 'must be an account id (UUID)' });

export async function addDomainCommand(
  ctx: CommandContext,
  opts: { account: string; domain: string },
): Promise<void> {
  const accountId = parseInput(accountIdOption, opts.account, 'option --account');
  const domain = await addDomain(ctx.database.db, ctx.clock, accountId, opts.domain, actor);
  ctx.out.result(
    domain,
    `added ${domain.domain}; publish this DNS record, then run verify-domain:\n  ${domain.record.host}  TXT  "${domain.record.value}"`,
  );
}

export async function verifyDomainCommand(
  ctx: CommandContext,
  opts: { account: string; domain: string },
): Promise<void> {
  const accountId = parseInput(accountIdOption, opts.account, 'option --account');
  const name = normalizeDomain(opts.domain);
  const found = (await listDomains(ctx.database.db, accountId)).find((d) => d.domain === name);
  if (!found) throw new ApiError(404, 'domain_not_found', `${name} is not a domain of account ${accountId}`);
  const lookup = createTxtLookup({ servers: ctx.config.dnsServers, timeoutMs: ctx.config.dnsTimeoutMs });
  const view = await verifyDomain(ctx.database.db, ctx.clock, lookup, accountId, found.id, actor);
  ctx.out.result(
    view,
    view.verified ? `${name} is verified` : `${name} is NOT verified: ${view.lastCheckError}`,
  );
  if (!view.verified) process.exitCode = 3;
}

export async function recheckDomainsCommand(ctx: CommandContext): Promise<void> {
  const lookup = createTxtLookup({ servers: ctx.config.dnsServers, timeoutMs: ctx.config.dnsTimeoutMs });
  const result = await recheckAllDomains(ctx.database.db, ctx.clock, lookup);
  ctx.out.result(
    result,
    `checked ${result.checked} domains, ${result.verified} verified` +
      (result.lost.length ? `; no longer verified: ${result.lost.join(', ')}` : ''),
  );
}
