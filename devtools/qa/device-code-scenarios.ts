// QA scenarios of issue 26 item 2 (sign in on a second device, RFC 8628):
// `latchkey activate --device-code` run for real; the "phone" is the scripted
// browser on the printed link; what only time could do (a code's 10 minutes)
// is done in the database. Each shows what the app (the CLI) tells the user.
import { desktopClientId } from '../../common/desktop-client.ts';
import type { FailureCode } from '../../common/failure-codes.ts';
import { formsOf } from '../html-forms.ts';
import { runCli, type CliRun } from './cli-run.ts';
import type { QaWorld } from './qa-world.ts';
import { appView, device, type UserView } from './scenario-steps.ts';

const alice = 'alice@acme.test';

async function allowDeviceCode(world: QaWorld, on: boolean): Promise<void> {
  const set = await world.owner.put('/api/console/device-code-sign-in', { on });
  if (set.status !== 200) throw new Error(`setup: the device code setting answered ${set.status}`);
}

/** `latchkey activate --device-code`; `onLink` plays the phone with the link the CLI printed. */
const activateWithDeviceCode = (world: QaWorld, onLink: (link: string) => Promise<void> = async () => {}) =>
  runCli(['activate', '--email', alice, '--device-code'], {
    dataDir: device(world, 1).dataDir,
    serverUrl: world.service.url,
    env: { LATCHKEY_TRUST_ANCHOR: world.service.trustAnchorFile, ...device(world, 1).env },
    onLink,
  });

/** The phone opens the link, reads the confirmation page and presses "This is not my device". */
async function denyOnPhone(link: string): Promise<void> {
  const jar = new Map<string, string>();
  const post = async (page: string, index: number) => {
    const form = formsOf(page)[index];
    if (!form) throw new Error(`setup: no form ${index} on the code page`);
    const res = await fetch(new URL(form.action, link), {
      method: 'POST',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form.fields).toString(),
    });
    return res.text();
  };
  const first = await fetch(link);
  for (const c of first.headers.getSetCookie()) {
    const [pair = ''] = c.split(';');
    jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  await post(await post(await first.text(), 0), 1);
}

interface DeviceCodeScenario {
  name: string;
  code: FailureCode;
  cause: string;
  run(world: QaWorld): Promise<UserView>;
}

const view = (run: CliRun) => appView(run);

/** Device authorization requests from this address, as many as the per-address limit allows (30 per 15 min). */
async function askForCodes(world: QaWorld, count: number): Promise<void> {
  // The limit counts in fixed 15-minute windows: not started in the last seconds of one.
  const left = 15 * 60_000 - (Date.now() % (15 * 60_000));
  if (left < 10_000) await new Promise((r) => setTimeout(r, left + 50));
  for (let i = 0; i < count; i++) {
    const res = await fetch(new URL('/oidc/device/auth', world.service.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: desktopClientId,
        scope: 'openid',
        login_hint: alice,
      }).toString(),
    });
    await res.body?.cancel();
    if (res.status === 429) throw new Error(`setup: refused at request ${i + 1} of ${count}`);
  }
}

export const deviceCodeScenarios: DeviceCodeScenario[] = [
  {
    name: 'device-code-not-allowed',
    code: 'DEVICE_CODE_NOT_ALLOWED',
    cause:
      'the account has not turned on "Sign in from a second device" (the default); Alice asks for a code',
    run: async (world) => {
      await allowDeviceCode(world, false);
      return view(await activateWithDeviceCode(world));
    },
  },
  {
    name: 'device-code-denied',
    code: 'DEVICE_CODE_DENIED',
    cause:
      'the account allows it; Alice asks for a code, opens the link on her phone and presses "This is not my device"',
    run: async (world) => {
      await allowDeviceCode(world, true);
      return view(await activateWithDeviceCode(world, denyOnPhone));
    },
  },
  {
    name: 'device-code-expired',
    code: 'DEVICE_CODE_EXPIRED',
    cause:
      'the account allows it; Alice asks for a code and nobody enters it for 10 minutes (the code aged in the database: only time could age it)',
    run: async (world) => {
      await allowDeviceCode(world, true);
      return view(
        await activateWithDeviceCode(world, async () => {
          await world.service.deps.database.db
            .updateTable('oidc_models')
            .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
            .where('model', '=', 'DeviceCode')
            .execute();
        }),
      );
    },
  },
  {
    name: 'sign-in-rate-limited',
    code: 'SIGN_IN_RATE_LIMITED',
    cause:
      'the account allows it; 30 device codes were asked from this address within 15 minutes (the per-address limit, RFC 8628 §5.2) and Alice asks for one more',
    run: async (world) => {
      await allowDeviceCode(world, true);
      await askForCodes(world, 30);
      return view(await activateWithDeviceCode(world));
    },
  },
];
