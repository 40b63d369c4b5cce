// The last step of an activation: the credential into the keychain, the
// license into the data folder. By now the service has given this device a
// seat; a device that cannot keep the license must not hold it, so a failure
// here hands the seat back before it is reported (issue 20 item 7).
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import type { StoredLicense } from '../licensing/license-file.ts';
import type { ApiCredential, LicensingClient } from '../licensing/licensing-client.ts';
import type { EngineContext } from './engine-context.ts';

export async function storeIssuedOrHandBack(
  ctx: EngineContext,
  client: LicensingClient,
  stored: StoredLicense,
  to: { credential: string; bearer: ApiCredential; deviceKey?: string },
): Promise<void> {
  try {
    if (to.deviceKey !== undefined) await ctx.credentials.saveDeviceKey(stored.activationId, to.deviceKey);
    await ctx.credentials.save(stored.activationId, to.credential);
    await ctx.file.write(stored);
  } catch (err) {
    const handedBack = await client.deactivate(to.bearer, stored.activationId).then(
      () => 'the seat was handed back',
      (e: unknown) =>
        `the seat could not be handed back (${(e as Error).message}): deactivate it in the console`,
    );
    await ctx.credentials.forget(stored.activationId).catch(() => undefined);
    if (err instanceof LatchkeyError)
      throw new LatchkeyError(err.code, `${err.message}; ${handedBack}`, err.evidence, { cause: err });
    throw new LatchkeyError(
      'DATA_FOLDER_UNWRITABLE',
      `the license could not be stored in ${ctx.options.dataDir}: ${(err as Error).message}; ${handedBack}`,
      { dataDir: ctx.options.dataDir },
      { cause: err },
    );
  }
}
