// Enter Enterprise Key: activation with a license key and the user's email, no
// browser. A key the service turns down (no license has it, SSO required) is
// the user's to fix: back to idle with a notice, not a failure.
import { RequestRefused } from '../licensing/licensing-client.ts';
import type { EngineContext } from './engine-context.ts';
import { failureView, toLatchkeyError } from './failure-view.ts';
import { pinIssuedLicense } from './pinning.ts';
import { preflight } from './preflight.ts';
import { IllegalTransition } from './transitions.ts';

export async function activateWithKey(ctx: EngineContext, key: string, email: string): Promise<void> {
  try {
    await preflight(ctx);
    ctx.state.apply({ type: 'key-submitted', email });
    const client = ctx.client(ctx.serverUrl());
    const issued = await client.activateByKey(key, email, ctx.options.device);
    await pinIssuedLicense(ctx, client, issued, {
      via: 'key',
      requestedEmail: email,
      credential: issued.activationSecret,
      bearer: issued.activationSecret,
    });
  } catch (err) {
    // A flow that broke the table is a bug: never dressed up as a failure the user sees.
    if (err instanceof IllegalTransition) throw err;
    if (err instanceof RequestRefused)
      return ctx.state.apply({ type: 'key-turned-down', notice: keyNotice(err) });
    const failure = failureView(toLatchkeyError(err), ctx.now(), { email, via: 'key' });
    ctx.state.apply({ type: 'activation-failed', failure });
  }
}

/** What the user reads when the service turned a key down. */
function keyNotice(err: RequestRefused): string {
  if (err.code === 'license_not_found')
    return 'No license has this key. Check it, or ask your IT team for the right one.';
  if (err.code === 'sso_required')
    return 'Your company activates Latchkey with single sign-on: use Continue with SSO with your work email.';
  return `The key was not accepted: ${err.message}`;
}
