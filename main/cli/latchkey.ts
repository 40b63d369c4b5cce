#!/usr/bin/env node
// latchkey: the desktop app's activation from a terminal, for QA scripts and
// admins — the same engine and state machine the app's dialogs observe.
import { Command, InvalidArgumentError, type CommanderError } from 'commander';
import type { ActivationState } from '../../common/desktop-api.ts';
import { cliSchemas } from '../../common/cli-json-schema.ts';
import { AlreadyActivated, NotNow, type ActivationEngine } from '../core/activation/activation-engine.ts';
import { createDesktopEngine } from '../core/desktop-engine.ts';
import { osKeychain } from '../core/secrets/os-keychain.ts';
import { openSystemBrowser } from '../core/system-browser.ts';
import { PolicyRefusal } from '../core/policy/policy-rules.ts';
import { runDoctor } from './doctor.ts';
import { describePolicy } from './policy-output.ts';
import { addDeviceCommands } from './device-commands.ts';
import { deviceCodeInstructions } from './device-code-output.ts';
import { exitCodeFor, exitCodes } from './exit-codes.ts';
import { jsonLine, printError, printState, type CliErrorCode } from './output.ts';
import { licenseKeyFormat } from '../../common/license-key.ts';

interface GlobalOptions {
  json: boolean;
  server?: string;
  dataDir?: string;
}

const program = new Command('latchkey')
  .description('Latchkey desktop activation: activate this device, check its license, diagnose problems')
  .option('--json', 'print results as JSON (for QA scripts)', false)
  .option(
    '--server <url>',
    'license server (default: the activated one, else $LATCHKEY_SERVER_URL)',
    parseUrl,
  )
  .option('--data-dir <dir>', 'where the license file lives (default: the OS app-data folder)')
  .showHelpAfterError()
  // A usage error under --json is the documented error object on stdout, not commander's text
  // (set before the commands: they inherit both settings).
  .configureOutput({ writeErr: (text) => wantsJson() || process.stderr.write(text) })
  .exitOverride(usageError);

const globals = () => program.opts<GlobalOptions>();

/** From the raw arguments: a usage error can come before commander has parsed --json. */
const wantsJson = () => process.argv.slice(2).includes('--json');

/** Commander's message, or — when no command was named (it only printed the help) — what to do. */
function usageMessage(err: CommanderError): string {
  if (err.code === 'commander.help')
    return `name a command: ${program.commands.map((c) => c.name()).join(', ')} (see --help)`;
  return err.message.replace(/^error: /, '');
}

function usageError(err: CommanderError): never {
  // --help and --version end with 0; anything else commander refused is the caller's usage.
  if (err.exitCode === 0) process.exit(0);
  if (wantsJson()) printError(true, 'USAGE', usageMessage(err), exitCodes.badInput);
  process.exit(exitCodes.badInput);
}

function parseUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw new InvalidArgumentError('must be an http(s) URL, like https://license.example.com');
  return value;
}

function parseDuration(value: string): number {
  const m = /^(\d+)(ms|s|m)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('must be a duration like 30s, 5m or 1500ms');
  const n = Number(m[1]);
  return m[2] === 'm' ? n * 60_000 : m[2] === 'ms' ? n : n * 1000;
}

async function engineWith(
  openBrowser: (url: string) => Promise<void>,
  timeoutMs?: number,
  approvalWaitMs?: number,
) {
  const g = globals();
  return createDesktopEngine({
    openBrowser,
    ...(approvalWaitMs !== undefined && { approvalWaitMs }),
    ...(g.dataDir && { dataDir: g.dataDir }),
    ...(g.server && { defaultServerUrl: g.server }),
    ...(timeoutMs && { signInTimeoutMs: timeoutMs }),
  });
}

/** Prints the final state and returns the exit code for it. */
function finish(state: ActivationState, success: ActivationState['phase'] = 'activated'): number {
  // A notice: the service found no way to activate this email with that key (no license has it,
  // or the account requires single sign-on) — how this email activates, like the domain's SSO.
  const code =
    state.phase === 'idle' && state.notice
      ? exitCodes.discovery
      : state.phase === success
        ? exitCodes.ok
        : state.phase === 'failed'
          ? exitCodeFor(state.failure.code)
          : exitCodes.notActivated;
  printState(globals().json, state, code);
  return code;
}

async function run(work: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await work();
  } catch (err) {
    const [code, exitCode]: [CliErrorCode, number] =
      err instanceof TypeError
        ? ['BAD_INPUT', exitCodes.badInput]
        : err instanceof AlreadyActivated
          ? ['ALREADY_ACTIVATED', exitCodes.alreadyActivated]
          : err instanceof NotNow
            ? ['NOT_ACTIVATED', exitCodes.notActivated]
            : err instanceof PolicyRefusal
              ? ['POLICY_REFUSED', exitCodes.policy]
              : ['FAILED', exitCodes.failed];
    printError(globals().json, code, (err as Error).message, exitCode);
    process.exitCode = exitCode;
  }
}

/** --no-browser: the person opens the link themselves. */
async function printSignInLink(url: string): Promise<void> {
  process.stderr.write(`Open this link in a browser on this computer to sign in:\n${url}\n`);
}

function progress(engine: ActivationEngine): void {
  if (globals().json) return;
  engine.onTransition(({ event }) => {
    if (event === 'sign-in-started' && engine.getState().phase === 'waiting-for-browser') {
      const state = engine.getState();
      if (!('deviceCode' in state && state.deviceCode))
        process.stderr.write('Waiting for the sign-in in your browser…\n');
    }
    if (event === 'signed-in') process.stderr.write('Signed in; activating this device…\n');
    if (event === 'approval-pending')
      process.stderr.write('Waiting for your IT team to approve this computer…\n');
    // A license key involves no sign-in: say what actually happens.
    if (event === 'key-submitted')
      process.stderr.write('Checking the license key with the license server; activating this device…\n');
  });
}

program
  .command('activate')
  .description('activate this device with single sign-on (--email) or a license key (--key and --email)')
  .requiredOption('--email <email>', 'your work email address')
  .option('--key <license-key>', `a license key (${licenseKeyFormat}) instead of single sign-on`)
  .option('--no-browser', 'print the sign-in link instead of opening the browser')
  .option(
    '--device-code',
    'sign in on your phone or another computer: prints a code, its link and a QR code, then waits',
  )
  .option(
    '--timeout <duration>',
    'give up waiting for the browser after this long (e.g. 2s, 5m)',
    parseDuration,
  )
  .option(
    '--approval-wait <duration>',
    'how long to wait for IT to approve this computer, where the license asks (0: not at all; default: until the request ends)',
    parseDuration,
  )
  .action(
    (opts: {
      email: string;
      key?: string;
      browser: boolean;
      deviceCode?: boolean;
      timeout?: number;
      approvalWait?: number;
    }) =>
      run(async () => {
        const openBrowser = opts.browser
          ? openSystemBrowser
          : async (url: string) => {
              process.stderr.write(`Open this link in a browser on this computer to sign in:\n${url}\n`);
            };
        const engine = await engineWith(openBrowser, opts.timeout, opts.approvalWait);
        await engine.start({ checkIn: false });
        progress(engine);
        if (opts.key) await engine.activateWithKey(opts.key, opts.email, globals().server);
        else if (opts.deviceCode) {
          // The code goes to stderr as soon as the service gives it (stdout keeps --json's lines).
          engine.onState((state) => {
            if (state.phase === 'waiting-for-browser' && state.deviceCode)
              void deviceCodeInstructions(state.deviceCode).then((text) => process.stderr.write(text));
          });
          await engine.startDeviceCode(opts.email, globals().server);
        } else await engine.startSso(opts.email, globals().server);
        engine.close();
        return finish(engine.getState());
      }),
  );

/** A command on what this device holds: the engine as it starts (offline), then `work`. */
const onDevice =
  (work: (engine: ActivationEngine) => Promise<number>, openBrowser = openSystemBrowser) =>
  () =>
    run(async () => {
      const engine = await engineWith(openBrowser);
      await engine.start({ checkIn: false });
      try {
        return await work(engine);
      } finally {
        engine.close();
      }
    });

program
  .command('status')
  .description('show this device’s license as it verifies offline (no network)')
  .action(onDevice(async (engine) => finish(engine.getState())));

program
  .command('check-in')
  .description('renew the lease now')
  .action(
    onDevice(async (engine) => {
      await engine.checkIn();
      return finish(engine.getState());
    }),
  );

program
  .command('deactivate')
  .description('deactivate this device: frees the seat and forgets the license')
  .action(
    onDevice(async (engine) => {
      await engine.deactivate();
      // Deactivated leaves the device idle: that is success here.
      return finish(engine.getState(), 'idle');
    }),
  );

program
  .command('doctor')
  .description('check the server, the clock, the keychain, the license and the lease')
  .action(
    onDevice(async (engine) => {
      const checks = await runDoctor(engine, osKeychain);
      const ok = checks.every((c) => c.ok);
      if (globals().json) jsonLine({ ok, checks, exitCode: ok ? 0 : exitCodes.doctor });
      else
        for (const c of checks)
          process.stdout.write(
            `${c.info ? 'info' : c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(8)} ${c.detail}\n`,
          );
      return ok ? exitCodes.ok : exitCodes.doctor;
    }),
  );

addDeviceCommands(program, {
  onDevice: (work, browser) => onDevice(work, browser ? openSystemBrowser : printSignInLink),
  json: () => globals().json,
  server: () => globals().server,
});

program
  .command('policy')
  .description('print the managed settings in force, where each came from, and problems of the policy')
  .action(() =>
    run(async () => {
      const engine = await engineWith(openSystemBrowser);
      const policy = engine.policy();
      if (globals().json) jsonLine({ ...policy, exitCode: exitCodes.ok });
      else process.stdout.write(`${describePolicy(policy)}\n`);
      return exitCodes.ok;
    }),
  );

program
  .command('schema')
  .description(
    'print the JSON Schema of what --json prints: state (activate, status, check-in, deactivate), doctor, error, policy',
  )
  .argument('<which>', 'state, doctor, error or policy')
  .action((which: string) =>
    run(async () => {
      const schema = Object.hasOwn(cliSchemas, which)
        ? cliSchemas[which as keyof typeof cliSchemas]
        : undefined;
      if (!schema)
        throw new TypeError(`schema: "${which}" is not one of ${Object.keys(cliSchemas).join(', ')}`);
      jsonLine(schema);
      return exitCodes.ok;
    }),
  );

await program.parseAsync();
