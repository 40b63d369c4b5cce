// `latchkey devices` and `latchkey release-device <id>` (issue 26 item 1): a
// fresh SSO sign-in in the browser (the IdP vouches again), then the user's own
// activations, or Release on one of them. The email is the activated holder's
// unless --email names one (a device that is not activated, e.g. refused with
// DEVICE_LIMIT_REACHED).
import type { Command } from 'commander';
import type { MyDevice } from '../../common/my-devices.ts';
import type { ActivationEngine } from '../core/activation/activation-engine.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { userMessageFor } from '../../common/failure-codes.ts';
import { RequestRefused } from '../core/licensing/licensing-client.ts';
import { exitCodeFor, exitCodes } from './exit-codes.ts';
import { jsonLine } from './output.ts';

export interface DeviceCommandHooks {
  /** Runs `work` on the device's engine (its state loaded, offline) and sets the exit code. */
  onDevice(work: (engine: ActivationEngine) => Promise<number>, browser: boolean): () => Promise<void>;
  json(): boolean;
  server(): string | undefined;
}

const emailFor = (engine: ActivationEngine, named: string | undefined): string => {
  const state = engine.getState();
  const email = named ?? (state.phase === 'activated' ? state.license.licensedTo : undefined);
  if (!email) throw new TypeError('this device is not activated: name the account with --email');
  return email;
};

const describeDevice = (d: MyDevice) =>
  `${d.id}  ${d.deviceName}${d.thisDevice ? ' (this device)' : ''}\n    ${d.os}, app ${d.appVersion}, last check-in ${d.lastCheckInAt}`;

/** A refusal in the catalog's words (SIGN_IN_NOT_FRESH, SELF_RELEASE_DISABLED…), or the service's 404. */
async function refusalsPrinted(json: boolean, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (err) {
    const refused =
      err instanceof LatchkeyError
        ? {
            code: err.code,
            message: userMessageFor(err.code),
            // The activation log's reference, for IT (as a failed activation shows it).
            reference: typeof err.evidence.reference === 'string' ? err.evidence.reference : null,
            exitCode: exitCodeFor(err.code),
          }
        : err instanceof RequestRefused
          ? { code: err.code, message: err.message, reference: null, exitCode: exitCodes.failed }
          : undefined;
    if (!refused) throw err;
    const { exitCode, ...error } = refused;
    if (json) jsonLine({ error, exitCode });
    else
      process.stderr.write(
        `latchkey: ${error.code}: ${error.message}${error.reference ? ` (reference ${error.reference})` : ''}\n`,
      );
    return exitCode;
  }
}

export function addDeviceCommands(program: Command, hooks: DeviceCommandHooks): void {
  program
    .command('devices')
    .description('list your activated devices (after a fresh sign-in in the browser)')
    .option('--email <email>', 'your work email (default: the account this device is activated for)')
    .option('--no-browser', 'print the sign-in link instead of opening the browser')
    .action((opts: { email?: string; browser: boolean }) =>
      hooks.onDevice(
        (engine) =>
          refusalsPrinted(hooks.json(), async () => {
            const session = engine.myDevices(emailFor(engine, opts.email), hooks.server());
            const devices = await session.list();
            if (hooks.json()) jsonLine({ devices, exitCode: exitCodes.ok });
            else
              process.stdout.write(
                devices.length ? `${devices.map(describeDevice).join('\n')}\n` : 'No activated devices.\n',
              );
            return exitCodes.ok;
          }),
        opts.browser,
      )(),
    );

  program
    .command('release-device')
    .description('release one of your devices, freeing its slot (after a fresh sign-in in the browser)')
    .argument('<id>', 'the device’s activation id, as `latchkey devices` lists it')
    .option('--email <email>', 'your work email (default: the account this device is activated for)')
    .option('--no-browser', 'print the sign-in link instead of opening the browser')
    .action((id: string, opts: { email?: string; browser: boolean }) =>
      hooks.onDevice(
        (engine) =>
          refusalsPrinted(hooks.json(), async () => {
            if (!/^[0-9a-f-]{36}$/i.test(id))
              throw new TypeError('release-device: the id is an activation id (a UUID)');
            await engine.myDevices(emailFor(engine, opts.email), hooks.server()).release(id);
            if (hooks.json()) jsonLine({ released: id, exitCode: exitCodes.ok });
            else process.stdout.write(`Released ${id}.\n`);
            return exitCodes.ok;
          }),
        opts.browser,
      )(),
    );
}
