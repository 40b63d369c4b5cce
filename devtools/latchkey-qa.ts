#!/usr/bin/env node
// latchkey-qa: QA's tools for a machine without a browser. `sign-in` finishes
// the browser step of a `latchkey activate --no-browser` running in another
// shell: the dev IdP sign-in as a chosen user, with a chosen fault switch.
// Exit codes: 0 the answer went back to the app (the app's own exit code says
// what it made of it), 1 it did not (refused in the browser, the app no longer
// waiting, the service unreachable), 2 bad input. --json: one JSON document on stdout.
import { Command, InvalidArgumentError, Option, type CommanderError } from 'commander';
import { faults } from '../backend/devidp/login-response.ts';
import { AppNotWaiting, signIn, type SignInResult } from './qa/sign-in.ts';

const exitCodes = { ok: 0, notReturned: 1, badInput: 2 } as const;

const wantsJson = () => process.argv.slice(2).includes('--json');
const json = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

function fail(code: 'USAGE' | 'FAILED', message: string, exitCode: number): never {
  if (wantsJson()) json({ error: { code, message }, exitCode });
  else process.stderr.write(`latchkey-qa: ${message}\n`);
  process.exit(exitCode);
}

/** Commander's message, or — when no command was named (it only printed the help) — what to do. */
function usageMessage(err: CommanderError): string {
  if (err.code === 'commander.help')
    return `name a command: ${program.commands.map((c) => c.name()).join(', ')} (see --help)`;
  return err.message.replace(/^error: /, '');
}

function usageError(err: CommanderError): never {
  if (err.exitCode === 0) process.exit(0);
  if (wantsJson()) fail('USAGE', usageMessage(err), exitCodes.badInput);
  process.exit(exitCodes.badInput);
}

/** The link `latchkey activate --no-browser` prints: the service's /oidc/auth with the app's redirect URI. */
function parseLink(value: string): URL {
  const problem =
    'must be the sign-in link `latchkey activate --no-browser` printed (http(s)://…/oidc/auth?…)';
  if (!URL.canParse(value)) throw new InvalidArgumentError(problem);
  const link = new URL(value);
  const redirectUri = link.searchParams.get('redirect_uri') ?? '';
  if (
    !/^https?:$/.test(link.protocol) ||
    !link.pathname.endsWith('/oidc/auth') ||
    !URL.canParse(redirectUri) ||
    !/^https?:$/.test(new URL(redirectUri).protocol)
  )
    throw new InvalidArgumentError(problem);
  return link;
}

function parseEmail(value: string): string {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) || value.length > 254)
    throw new InvalidArgumentError('must be the email of a user of the dev IdP, like alice@acme.test');
  return value;
}

const program = new Command('latchkey-qa')
  .description("QA's tools for a headless machine: finish the browser step of an activation")
  .option('--json', 'print the result as JSON (for scripts)', false)
  .showHelpAfterError()
  .configureOutput({ writeErr: (text) => wantsJson() || process.stderr.write(text) })
  .exitOverride(usageError);

program
  .command('sign-in')
  .description(
    'open the sign-in link of `latchkey activate --no-browser`, sign in at the dev IdP, hand the answer back to the app',
  )
  .requiredOption('--link <url>', 'the sign-in link the latchkey command printed', parseLink)
  .requiredOption('--as <email>', 'who signs in at the dev IdP (a user of its directory)', parseEmail)
  .addOption(
    new Option('--fault <name>', 'a fault switch of the dev IdP, to reproduce a failure')
      .choices(faults)
      .default('none'),
  )
  .action(async (opts: { link: URL; as: string; fault: string }) => {
    let result: SignInResult;
    try {
      result = await signIn(opts.link, opts.as, opts.fault);
    } catch (err) {
      const message =
        err instanceof AppNotWaiting
          ? err.message
          : `the sign-in at ${opts.link.origin} did not complete: ${(err as Error).message}`;
      fail('FAILED', message, exitCodes.notReturned);
    }
    const exitCode = result.returnedToApp ? exitCodes.ok : exitCodes.notReturned;
    if (wantsJson()) json({ ok: result.returnedToApp, as: opts.as, fault: opts.fault, ...result, exitCode });
    else process.stdout.write(`${describe(opts.as, opts.fault, result)}\n`);
    process.exitCode = exitCode;
  });

function describe(as: string, fault: string, r: SignInResult): string {
  const who = `Signed in at the dev IdP as ${as}${fault === 'none' ? '' : ` with the fault "${fault}"`}`;
  const shown = r.refusal
    ? `\n  The browser showed: ${r.refusal.message ?? ''}${r.refusal.code ? ` (${r.refusal.code}${r.refusal.reference ? ` / ${r.refusal.reference}` : ''})` : ''}`
    : '';
  if (!r.returnedToApp) return `${who}; the browser step did not get back to the app.${shown}`;
  return `${who}; the answer went back to the app${r.error ? ` as the error "${r.error}"` : ''}: see the latchkey command for the result.${shown}`;
}

await program.parseAsync();
