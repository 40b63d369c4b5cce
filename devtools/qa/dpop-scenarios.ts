// Issue 26 item 3's codes, reproduced for real: the app's tokens are bound to
// a device key in the keychain (DPoP). A keychain that lost the key (or a
// refresh token copied without it) → TOKEN_WITHOUT_DEVICE_KEY; a proof made for
// another URL (the QA fault that stands for a rewriting proxy) → DPOP_PROOF_REFUSED.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deviceKeyAccountFor, keychainService } from '../../main/core/licensing/credentials.ts';
import { osKeychain } from '../../main/core/secrets/os-keychain.ts';
import type { QaWorld } from './qa-world.ts';
import { activateWithSso, appView, cliCommand, device, type UserView } from './scenario-steps.ts';

/** scenarios.ts's Scenario, without importing it back (scenarios.ts lists these). */
interface CodeScenario {
  name: string;
  code: FailureCode;
  cause: string;
  run(world: QaWorld): Promise<UserView>;
}
import type { FailureCode } from '../../common/failure-codes.ts';

async function activatedDevice(world: QaWorld): Promise<string> {
  const on = device(world, 1);
  const run = await activateWithSso(world, on, {
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test' },
  });
  if (run.exitCode !== 0) throw new Error(`setup: alice did not activate: ${run.stderr}`);
  const stored = JSON.parse(await readFile(join(on.dataDir, 'license.json'), 'utf8')) as {
    activationId: string;
  };
  return stored.activationId;
}

export const dpopScenarios: CodeScenario[] = [
  {
    name: 'token-without-device-key',
    code: 'TOKEN_WITHOUT_DEVICE_KEY',
    cause:
      'Alice activated; her keychain lost the device key (a reset, or only the refresh token was copied to this computer); the app checks in',
    run: async (world) => {
      const activationId = await activatedDevice(world);
      await osKeychain.deletePassword(keychainService, deviceKeyAccountFor(activationId));
      return appView(await cliCommand(world, device(world, 1), 'check-in'));
    },
  },
  {
    name: 'dpop-proof-refused',
    code: 'DPOP_PROOF_REFUSED',
    cause:
      "Alice activated; the app's proof of its device key is made for another URL than the one it calls (LATCHKEY_QA_FAULT=dpop-proof-defect, as a proxy that rewrites addresses would); the app checks in",
    run: async (world) => {
      await activatedDevice(world);
      return appView(
        await cliCommand(world, device(world, 1, { LATCHKEY_QA_FAULT: 'dpop-proof-defect' }), 'check-in'),
      );
    },
  },
];
