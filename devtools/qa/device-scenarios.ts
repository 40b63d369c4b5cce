// QA scenarios of issue 26 items 1 and 4 (My devices, admin approval of new
// devices): each sets its cause up for real — devices activated through the
// dev IdP, the console's switches, a request aged in the database where only
// days could age it — and shows what the app (the CLI) tells the user.
import { runCli, type CliRun } from './cli-run.ts';
import type { QaWorld } from './qa-world.ts';
import type { FailureCode } from '../../common/failure-codes.ts';
import {
  activateWithSso,
  appView,
  cliCommand,
  device,
  type Device,
  type UserView,
} from './scenario-steps.ts';
import { browse } from '../scripted-browser.ts';

const alice = 'alice@acme.test';
const aliceAtIdp = { email: alice, idp: { user: alice } };

async function activated(world: QaWorld, n: number): Promise<void> {
  const run = await activateWithSso(world, device(world, n), aliceAtIdp);
  if (run.exitCode !== 0) throw new Error(`setup: device ${n} did not activate: ${run.stderr}`);
}

/** `latchkey <command> --no-browser`, Alice finishing the fresh sign-in; `beforeCallback` runs before the app gets it. */
function withFreshSignIn(
  world: QaWorld,
  on: Device,
  args: string[],
  beforeCallback: () => Promise<void> = async () => {},
): Promise<CliRun> {
  return runCli([...args, '--no-browser', '--email', alice], {
    dataDir: on.dataDir,
    serverUrl: world.service.url,
    env: { LATCHKEY_TRUST_ANCHOR: world.service.trustAnchorFile, ...on.env },
    onLink: async (link) => {
      const redirectUri = new URL(link).searchParams.get('redirect_uri') ?? '\u0000';
      const flow = await browse(link, alice, redirectUri);
      await beforeCallback();
      if (flow.callback) await fetch(flow.callback);
    },
  });
}

/** A device command's refusal ({error: {code, message, reference}}) as the user's view. */
function errorView(run: CliRun): UserView {
  const error = run.json.error as { code?: string; message?: string; reference?: string | null } | undefined;
  return {
    where: 'app',
    exitCode: run.exitCode,
    phase: null,
    code: error?.code ?? null,
    message: error?.message ?? null,
    reference: error?.reference ?? null,
    email: run.email,
  };
}

async function licenseIds(world: QaWorld): Promise<string[]> {
  const { licenses } = (await world.owner.get<{ licenses: { id: string }[] }>('/api/console/device-settings'))
    .body;
  return licenses.map((l) => l.id);
}

async function requireApproval(world: QaWorld): Promise<void> {
  for (const id of await licenseIds(world)) {
    const set = await world.owner.put(`/api/console/licenses/${id}/device-approval`, { required: true });
    if (set.status !== 200) throw new Error(`setup: device approval answered ${set.status}`);
  }
}

const activateNoWait = (world: QaWorld, n: number, wait = '0') =>
  runCli(['activate', '--email', alice, '--no-browser', '--timeout', '20s', '--approval-wait', wait], {
    dataDir: device(world, n).dataDir,
    serverUrl: world.service.url,
    env: { LATCHKEY_TRUST_ANCHOR: world.service.trustAnchorFile, ...device(world, n).env },
    onLink: async (link) => {
      await browse(link, alice);
    },
  });

async function pendingRequestIds(world: QaWorld): Promise<string[]> {
  const { requests } = (
    await world.owner.get<{ requests: { id: string }[] }>('/api/console/device-approvals')
  ).body;
  return requests.map((r) => r.id);
}

/** A scenario of this file (the shape of scenarios.ts's Scenario, which lists these). */
interface DeviceScenario {
  name: string;
  code: FailureCode;
  cause: string;
  run(world: QaWorld): Promise<UserView>;
}

export const deviceScenarios: DeviceScenario[] = [
  {
    name: 'device-released-by-user',
    code: 'DEVICE_RELEASED_BY_USER',
    cause:
      "Alice's Mac and PC are activated; on the PC she signs in afresh, lists her devices and releases the Mac; the Mac checks in",
    run: async (world) => {
      await activated(world, 1);
      await activated(world, 2);
      const listed = await withFreshSignIn(world, device(world, 2), ['devices']);
      const devices = (listed.json.devices ?? []) as { id: string; thisDevice: boolean }[];
      const mac = devices.find((d) => !d.thisDevice);
      if (!mac) throw new Error(`setup: no other device listed: ${listed.stderr}`);
      const released = await withFreshSignIn(world, device(world, 2), ['release-device', mac.id]);
      if (released.exitCode !== 0) throw new Error(`setup: release-device failed: ${released.stderr}`);
      return appView(await cliCommand(world, device(world, 1), 'check-in'));
    },
  },
  {
    name: 'sign-in-not-fresh',
    code: 'SIGN_IN_NOT_FRESH',
    cause:
      'Alice signs in for My devices, but the sign-in is 10 minutes old by the time the app asks (set back in the database: only time could age it)',
    run: async (world) => {
      await activated(world, 1);
      const aged = () =>
        world.service.deps.database.db
          .updateTable('sso_sign_ins')
          .set({ signed_in_at: new Date(Date.now() - 10 * 60_000).toISOString() })
          .where('account_id', '=', world.accountId)
          .execute()
          .then(() => undefined);
      return errorView(await withFreshSignIn(world, device(world, 1), ['devices'], aged));
    },
  },
  {
    name: 'self-release-disabled',
    code: 'SELF_RELEASE_DISABLED',
    cause: 'the admin turns self-service release off (console: Devices → Settings); Alice opens My devices',
    run: async (world) => {
      await activated(world, 1);
      const off = await world.owner.put('/api/console/device-settings', { selfServiceRelease: false });
      if (off.status !== 200) throw new Error(`setup: the setting answered ${off.status}`);
      return errorView(await withFreshSignIn(world, device(world, 1), ['devices']));
    },
  },
  {
    name: 'device-approval-pending',
    code: 'DEVICE_APPROVAL_PENDING',
    cause:
      'the license requires approval of new devices; Alice activates a new Mac (latchkey activate --approval-wait 0)',
    run: async (world) => {
      await requireApproval(world);
      return appView(await activateNoWait(world, 1));
    },
  },
  {
    name: 'device-approval-denied',
    code: 'DEVICE_APPROVAL_DENIED',
    cause:
      "the license requires approval; Alice's new Mac asks, the admin presses Deny; Alice activates again",
    run: async (world) => {
      await requireApproval(world);
      await activateNoWait(world, 1);
      for (const id of await pendingRequestIds(world))
        await world.owner.post(`/api/console/device-approvals/${id}/deny`);
      return appView(await activateNoWait(world, 1));
    },
  },
  {
    name: 'device-approval-expired',
    code: 'DEVICE_APPROVAL_EXPIRED',
    cause:
      "the license requires approval; Alice's new Mac waits, nobody answers for 7 days (the request set 8 days back in the database); the app's next poll",
    run: async (world) => {
      await requireApproval(world);
      const waiting = activateNoWait(world, 1, '2m');
      // The request exists once the console lists it; then it is aged past its 7 days.
      for (let i = 0; i < 100 && (await pendingRequestIds(world)).length === 0; i++)
        await new Promise((r) => setTimeout(r, 100));
      await world.service.deps.database.db
        .updateTable('device_approval_requests')
        .set({
          requested_at: new Date(Date.now() - 8 * 86_400_000).toISOString(),
          expires_at: new Date(Date.now() - 86_400_000).toISOString(),
        })
        .where('account_id', '=', world.accountId)
        .execute();
      return appView(await waiting);
    },
  },
];
