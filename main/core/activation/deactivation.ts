// Deactivate on this device: frees the seat on the server, then forgets the
// license and its credential. No server: failed, and the license stays.
import type { StoredLicense } from '../licensing/license-file.ts';
import type { EngineContext } from './engine-context.ts';
import { failureView, toLatchkeyError } from './failure-view.ts';
import { bearerFor, forgetLicense } from './renewal.ts';

export async function deactivate(ctx: EngineContext, stored: StoredLicense): Promise<void> {
  try {
    await ctx.client(stored.serverUrl).deactivate(await bearerFor(ctx, stored), stored.activationId);
  } catch (err) {
    const error = toLatchkeyError(err);
    // Already revoked on the server: nothing left to free, forget it here too.
    if (error.code !== 'ACTIVATION_REVOKED')
      return ctx.state.apply({ type: 'deactivation-failed', failure: failureView(error, ctx.now()) });
  }
  await forgetLicense(ctx, stored);
  ctx.history.add('deactivated', null, ctx.now());
  ctx.state.apply({ type: 'deactivated' });
}
