#!/usr/bin/env -S node --max-semi-space-size=8
// latchkey-server: run the account service and script its setup.
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { systemClock } from '../clock.ts';
import { loadConfig, type ServiceConfig } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLogger } from '../log.ts';
import { startService, stopOnSignals } from '../server.ts';
import { parseWorkerCount, startWorkers } from '../serve-workers.ts';
import { missingServiceV8Flags } from '../v8-flags.ts';
import {
  addDomainCommand,
  addLicenseCommand,
  createAccountCommand,
  listAccountsCommand,
  recheckDomainsCommand,
  verifyDomainCommand,
  type CommandContext,
} from './commands.ts';
import { whyCommand } from './access-commands.ts';
import { setOverageCommand } from './overage-commands.ts';
import { reclaimCommand } from './reclaim-command.ts';
import { usageCommand, type UsageOptions } from './usage-commands.ts';
import {
  createApiKeyCommand,
  eventsCommand,
  listApiKeysCommand,
  revokeApiKeyCommand,
} from './event-commands.ts';
import { backupCommand, restoreCommand } from './backup-commands.ts';
import { resetPasswordCommand } from './password-commands.ts';
import { seedDemo } from './demo-seed.ts';
import {
  certifySigningKeyCommand,
  createRootCommand,
  exportAnchorCommand,
  retireRootCommand,
  rotateSigningKeyCommand,
} from './trust-commands.ts';
import { readDirectory } from '../devidp/directory.ts';
import { pushDirectory } from '../devidp/scim-push.ts';
import { makeOutput, reportError } from './output.ts';

const program = new Command('latchkey-server')
  .description('Latchkey account service: SSO license activation backend')
  .option('--json', 'print results as JSON (for scripts)', false)
  .showHelpAfterError();

/** A repeatable option's values. */
const collect = (value: string, previous: string[]) => [...previous, value];

const isJson = () => Boolean(program.opts<{ json: boolean }>().json);

/** Opens and migrates the database, runs `work`, closes it; maps errors to exit codes. */
async function withDatabase(work: (ctx: CommandContext) => Promise<void>, env = process.env): Promise<void> {
  try {
    const config = loadConfig(env);
    const database = openDatabase(config.databaseUrl, { poolSize: 2 });
    try {
      await migrateToLatest(database.db, database.dialect);
      await work({ config, database, clock: systemClock, out: makeOutput(isJson()) });
    } finally {
      await database.close();
    }
  } catch (err) {
    process.exitCode = reportError(err, isJson());
  }
}

function readPassword(opts: { passwordStdin?: boolean }): string {
  if (opts.passwordStdin) return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  const fromEnv = process.env.LATCHKEY_OWNER_PASSWORD;
  if (fromEnv) return fromEnv;
  throw new Error('give the owner password on stdin (--password-stdin) or in LATCHKEY_OWNER_PASSWORD');
}

async function serve(
  config: ServiceConfig,
  init: boolean,
  announce?: (url: string, trustAnchorFile: string | undefined) => Promise<void>,
): Promise<void> {
  const logger = createLogger(config.logLevel);
  // `node backend/cli/main.ts serve` skips the shebang's flags (v8-flags.ts); the demo does not need them.
  const missing = announce ? [] : missingServiceV8Flags();
  if (missing.length > 0)
    logger.warn(
      { missing },
      'started without the service\'s V8 flags: RSS will grow (docs/operations.md, "Memory")',
    );
  const starting = startService(config, logger, { init });
  stopOnSignals(starting, logger);
  const service = await starting;
  await announce?.(service.url, service.trustAnchorFile);
}

program
  .command('serve')
  .description('run the service (migrates the database first)')
  .option('--init', 'start over: accept an empty or missing database although this data folder had one')
  .option(
    '--workers <n>',
    'serve from n processes on this machine, one port and one database ("auto": one per core)',
    '1',
  )
  .action(async (opts: { init?: boolean; workers: string }) => {
    try {
      const config = loadConfig();
      const workers = parseWorkerCount(opts.workers);
      if (cluster.isWorker) {
        // One of the primary's workers (serve-workers.ts): the primary prepared the database.
        const logger = createLogger(config.logLevel).child({ worker: cluster.worker?.id });
        const starting = startService(config, logger, { role: 'worker' });
        stopOnSignals(starting, logger);
        await starting;
      } else if (workers > 1) {
        const logger = createLogger(config.logLevel);
        const starting = startWorkers(config, logger, { init: Boolean(opts.init), workers });
        stopOnSignals(starting, logger);
        await starting;
      } else await serve(config, Boolean(opts.init));
    } catch (err) {
      process.exitCode = reportError(err, isJson());
    }
  });

program
  .command('demo')
  .description('development mode with a seeded demo account under ./data')
  .option('--init', 'start over: accept an empty or missing database although this data folder had one')
  .action(async (opts: { init?: boolean }) => {
    try {
      const config = loadConfig({ LATCHKEY_ENV: 'development', LATCHKEY_DEV_IDP: 'on', ...process.env });
      await serve(config, Boolean(opts.init), async (url, trustAnchorFile) => {
        const database = openDatabase(config.databaseUrl, { poolSize: 1 });
        try {
          const seed = await seedDemo(database, systemClock, process.env.LATCHKEY_DEMO_PASSWORD);
          process.stdout.write(
            [
              '',
              `Latchkey demo is running at ${url}`,
              `  console API:   ${url}/api/console/…   (health: ${url}/healthz)`,
              ...(config.devIdp.enabled
                ? [
                    `  dev IdP:       ${url}/dev-idp/metadata   (import it in step 4; users alice/bob/carol@acme.test)`,
                  ]
                : []),
              `  SCIM:          ${url}/scim/v2   (token from step 5)`,
              `  trust anchor:  ${trustAnchorFile ?? '(none)'}   (development app builds: LATCHKEY_TRUST_ANCHOR=<this file>)`,
              `  demo account:  ${seed.accountId}`,
              `  owner login:   ${seed.ownerEmail} / ${seed.ownerPassword ?? '(shown on the first run; a new one: latchkey-server reset-password --email owner@acme.test, or LATCHKEY_DEMO_PASSWORD)'}`,
              `  enterprise key: ${seed.enterpriseKey.licenseKey}   (an account without SSO: activates with any email)`,
              `  database:      ${config.databaseUrl}`,
              'Press Ctrl-C to stop.',
              '',
            ].join('\n'),
          );
        } finally {
          await database.close();
        }
      });
    } catch (err) {
      process.exitCode = reportError(err, isJson());
    }
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(() =>
    withDatabase(async (ctx) => {
      ctx.out.result(
        { migrated: true, dialect: ctx.database.dialect },
        `database is up to date (${ctx.database.dialect})`,
      );
    }),
  );

program
  .command('seed-demo')
  .description('create the demo account if it does not exist')
  .action(() =>
    withDatabase(async (ctx) => {
      const seed = await seedDemo(ctx.database, ctx.clock, process.env.LATCHKEY_DEMO_PASSWORD);
      ctx.out.result(
        seed,
        seed.created ? `demo account ${seed.accountId} created` : `demo account ${seed.accountId} exists`,
      );
    }),
  );

program
  .command('create-account')
  .description('create a business account and its owner')
  .requiredOption('--name <name>', 'company name')
  .requiredOption('--owner-email <email>', "the owner's email")
  .option('--password-stdin', 'read the owner password from stdin (else LATCHKEY_OWNER_PASSWORD)')
  .action((opts: { name: string; ownerEmail: string; passwordStdin?: boolean }) =>
    withDatabase((ctx) =>
      createAccountCommand(ctx, {
        name: opts.name,
        ownerEmail: opts.ownerEmail,
        ownerPassword: readPassword(opts),
      }),
    ),
  );

program
  .command('reset-password')
  .description(
    'give a user who signs in with a password (owner, backup login) a new one and end their console sessions',
  )
  .requiredOption('--email <email>', "the user's email")
  .option('--account <id>', 'the account, when the email has a password login in several')
  .option(
    '--password-stdin',
    'read the new password from stdin (else LATCHKEY_OWNER_PASSWORD, else generated)',
  )
  .action((opts: { email: string; account?: string; passwordStdin?: boolean }) =>
    withDatabase((ctx) =>
      resetPasswordCommand(
        ctx,
        { email: opts.email, ...(opts.account !== undefined && { account: opts.account }) },
        opts.passwordStdin
          ? { password: readFileSync(0, 'utf8').replace(/\r?\n$/, ''), from: 'the password on stdin' }
          : { password: process.env.LATCHKEY_OWNER_PASSWORD, from: 'LATCHKEY_OWNER_PASSWORD' },
      ),
    ),
  );

program
  .command('list-accounts')
  .description('list business accounts')
  .action(() => withDatabase(listAccountsCommand));

program
  .command('add-license')
  .description(
    'issue a license key; without --account the key is bound to no account until its customer registers it in the console',
  )
  .option('--account <id>', 'account id: register the license to this account at once')
  .requiredOption('--edition <edition>', 'business | enterprise')
  .requiredOption('--seats <n>', 'per-user seats')
  .requiredOption('--expires <date>', 'subscription end (ISO date or date-time)')
  .option('--device-limit <n>', 'devices per user (default 3)')
  .action(
    (opts: { account?: string; edition: string; seats: string; expires: string; deviceLimit?: string }) =>
      withDatabase((ctx) => addLicenseCommand(ctx, opts)),
  );

program
  .command('set-overage')
  .description('let a license go up to P % over its seat count (0: off); users above the count are flagged')
  .requiredOption('--license <id>', 'license id')
  .requiredOption('--percent <n>', 'a whole number from 0 (off) to 100')
  .action((opts: { license: string; percent: string }) =>
    withDatabase((ctx) => setOverageCommand(ctx, opts)),
  );

program
  .command('add-domain')
  .description('add a domain to an account and print the TXT record to publish')
  .requiredOption('--account <id>', 'account id')
  .requiredOption('--domain <domain>', 'email domain, e.g. example.com')
  .action((opts: { account: string; domain: string }) => withDatabase((ctx) => addDomainCommand(ctx, opts)));

program
  .command('verify-domain')
  .description("look up a domain's TXT record now (exit 3 when not verified)")
  .requiredOption('--account <id>', 'account id')
  .requiredOption('--domain <domain>', 'the domain')
  .action((opts: { account: string; domain: string }) =>
    withDatabase((ctx) => verifyDomainCommand(ctx, opts)),
  );

program
  .command('recheck-domains')
  .description('re-check every domain of every account (a removed record un-verifies)')
  .action(() => withDatabase(recheckDomainsCommand));

program
  .command('why')
  .description(
    "why can't this user activate? the access decision's rules, read-only (exit 6 when a real activation would be refused)",
  )
  .requiredOption('--email <email>', "the user's email")
  .option('--account <id>', 'the account (else the one that added the email domain)')
  .option('--via <way>', 'sso | key (default: sso, or key for an account without domains)')
  .action((opts: { email: string; account?: string; via?: string }) =>
    withDatabase((ctx) => whyCommand(ctx, opts)),
  );

program
  .command('reclaim')
  .description(
    "release the account's devices silent past their license's reclamation policy (--dry-run: only say which)",
  )
  .requiredOption('--account <id>', 'the account')
  .option('--license <id>', 'only this license of it')
  .option('--dry-run', 'list what would be released, release nothing')
  .action((opts: { account: string; license?: string; dryRun?: boolean }) =>
    withDatabase((ctx) => reclaimCommand(ctx, opts)),
  );

program
  .command('usage')
  .description(
    "who holds a seat and who does not use it: the account's devices with their users, active or idle (one page; --cursor goes on)",
  )
  .requiredOption('--account <id>', 'the account')
  .option('--idle-days <n>', 'only devices without a check-in for at least n days, longest silent first')
  .option('--license <id>', 'only devices holding a seat in this license')
  .option('--sublicense <id>', 'only devices in this sublicense')
  .option('--group <id>', "only devices of this group's members")
  .option('--search <text>', 'user name, email or display name begins with it')
  .option('--limit <n>', 'devices per page (1..200, default 50)')
  .option('--cursor <cursor>', 'the next page, as the previous page printed it')
  .action((opts: UsageOptions) => withDatabase((ctx) => usageCommand(ctx, opts)));

program
  .command('scim-push')
  .description('provision a directory file into an account over SCIM, the way Okta or Entra ID does (QA)')
  .requiredOption('--directory <file>', 'JSON: {users: [...], groups: [...]}')
  .requiredOption('--vendor <vendor>', 'okta | entra')
  .requiredOption('--url <scimUrl>', 'the SCIM base URL, e.g. http://127.0.0.1:8787/scim/v2')
  .option('--concurrency <n>', 'requests in flight', '4')
  .action(async (opts: { directory: string; vendor: string; url: string; concurrency: string }) => {
    try {
      const token = process.env.LATCHKEY_SCIM_TOKEN;
      if (!token) throw new Error('put the SCIM token in LATCHKEY_SCIM_TOKEN (never on the command line)');
      if (opts.vendor !== 'okta' && opts.vendor !== 'entra')
        throw new Error('--vendor must be okta or entra');
      const report = await pushDirectory(readDirectory(opts.directory), {
        scimUrl: opts.url.replace(/\/+$/, ''),
        token,
        vendor: opts.vendor,
        concurrency: Math.max(1, Number(opts.concurrency) || 4),
      });
      makeOutput(isJson()).result(
        report,
        `${report.vendor}: ${report.usersCreated} users created, ${report.usersUpdated} updated, ${report.groupsCreated} groups created, ` +
          `${report.membershipsAdded} memberships added, ${report.requests} requests in ${report.ms} ms, ${report.failures.length} failed`,
      );
      if (report.failures.length) process.exitCode = 1;
    } catch (err) {
      process.exitCode = reportError(err, isJson());
    }
  });

program
  .command('events')
  .description("read an account's events in order, as GET /api/v1/events answers them (docs/events.md)")
  .requiredOption('--account <id>', 'the account id')
  .option('--after <cursor>', 'the cursor of the last event already read (default 0: from the oldest kept)')
  .option('--types <list>', 'only these types, comma-separated')
  .option('--limit <n>', 'at most this many events (1–1000, default 100)')
  .action((opts: { account: string; after?: string; types?: string; limit?: string }) =>
    withDatabase((ctx) => eventsCommand(ctx, opts)),
  );

program
  .command('create-api-key')
  .description('create an account API key (the events API); it is printed once')
  .requiredOption('--account <id>', 'the account id')
  .requiredOption('--label <text>', 'what the key is for, e.g. "Splunk"')
  .option('--scope <scope>', 'a scope (repeatable; default events:read)', collect, [])
  .action((opts: { account: string; label: string; scope: string[] }) =>
    withDatabase((ctx) =>
      createApiKeyCommand(ctx, { ...opts, scope: opts.scope.length ? opts.scope : ['events:read'] }),
    ),
  );
program
  .command('list-api-keys')
  .description("list an account's API keys (last 4 characters only)")
  .requiredOption('--account <id>', 'the account id')
  .action((opts: { account: string }) => withDatabase((ctx) => listApiKeysCommand(ctx, opts)));
program
  .command('revoke-api-key')
  .description('revoke an API key at once')
  .requiredOption('--account <id>', 'the account id')
  .requiredOption('--id <id>', 'the API key id')
  .action((opts: { account: string; id: string }) => withDatabase((ctx) => revokeApiKeyCommand(ctx, opts)));

program
  .command('rotate-signing-key')
  .description(
    'sign new licenses with a new key, certified by the root; the old one stays served until its last lease ends',
  )
  .option(
    '--root-key <file>',
    'an offline root private key file (repeatable: one per offline root)',
    collect,
    [],
  )
  .action((opts: { rootKey: string[] }) => withDatabase((ctx) => rotateSigningKeyCommand(ctx, opts)));

program
  .command('create-root')
  .description(
    'create a root of trust: it certifies the license signing keys; app builds carry its public key',
  )
  .option(
    '--export-private <file>',
    'write the private key to this new file (0600) to keep offline, instead of sealing it here',
  )
  .action((opts: { exportPrivate?: string }) => withDatabase((ctx) => createRootCommand(ctx, opts)));

program
  .command('certify-signing-key')
  .description(
    'certify a license signing key with the root (default: every served key, renewing their certificates)',
  )
  .option('--kid <kid>', 'the signing key to certify')
  .option(
    '--root-key <file>',
    'an offline root private key file, repeatable (else the roots sealed here)',
    collect,
    [],
  )
  .option('--days <n>', 'how long the certification holds (default 730)')
  .action((opts: { kid?: string; rootKey: string[]; days?: string }) =>
    withDatabase((ctx) => certifySigningKeyCommand(ctx, opts)),
  );

program
  .command('backup')
  .description(
    'copy the SQLite database while the service runs (online backup API); for PostgreSQL it prints pg_dump advice and exits 5',
  )
  .requiredOption('--to <file>', 'the backup file to write (must not exist)')
  .action(async (opts: { to: string }) => {
    try {
      await backupCommand(loadConfig(), makeOutput(isJson()), opts);
    } catch (err) {
      process.exitCode = reportError(err, isJson());
    }
  });

program
  .command('restore')
  .description(
    "restore a backup into this data folder's database; the master key from when the backup was made must be in place first",
  )
  .requiredOption('--from <file>', 'a file written by `latchkey-server backup`')
  .option('--force', 'replace an existing database (stop the service first)')
  .action(async (opts: { from: string; force?: boolean }) => {
    try {
      await restoreCommand(loadConfig(), makeOutput(isJson()), opts);
    } catch (err) {
      process.exitCode = reportError(err, isJson());
    }
  });

program
  .command('export-anchor')
  .description('write the trust anchor (service URL + root public keys) for an app build')
  .option('--out <file>', 'a new file to write (else printed)')
  .option('--service-url <url>', 'the service URL the app uses (default LATCHKEY_PUBLIC_URL)')
  .action((opts: { out?: string; serviceUrl?: string }) =>
    withDatabase((ctx) => exportAnchorCommand(ctx, opts)),
  );

program
  .command('retire-root')
  .description('stop a root once no supported app build carries it: it certifies nothing more')
  .requiredOption('--kid <kid>', 'the root')
  .action((opts: { kid: string }) => withDatabase((ctx) => retireRootCommand(ctx, opts)));

await program.parseAsync(process.argv);
