// Continue with SSO: the keychain first, then the sign-in in the system
// browser (oauth/sso-sign-in.ts), then the licensing API with the access
// token; the issued license is pinned. The user's Cancel while the browser is
// out goes back to idle; anything else that goes wrong is a coded failure.
import type { CallbackReceiver } from '../oauth/callback-receiver.ts';
import { exportDeviceKey } from '../oauth/device-key.ts';
import { signInWithDeviceCode } from '../oauth/device-code-sign-in.ts';
import { signInWithSso, type SignInResult } from '../oauth/sso-sign-in.ts';
import { activateOrWaitForApproval } from './approval-wait.ts';
import type { EngineContext } from './engine-context.ts';
import { failureView, toLatchkeyError } from './failure-view.ts';
import { pinIssuedLicense } from './pinning.ts';
import { preflight } from './preflight.ts';
import { IllegalTransition } from './transitions.ts';

/** The sign-in's tokens activate this device (waiting for an admin's approval where the license asks). */
export async function activateSignedIn(
  ctx: EngineContext,
  email: string,
  signedIn: SignInResult,
  signal: AbortSignal,
): Promise<void> {
  const client = ctx.client(ctx.serverUrl());
  const issued = await activateOrWaitForApproval(ctx, client, signedIn.accessToken, email, signal);
  await pinIssuedLicense(ctx, client, issued, {
    via: 'sso',
    requestedEmail: email,
    credential: signedIn.refreshToken,
    bearer: signedIn.accessToken,
    deviceKey: await exportDeviceKey(signedIn.deviceKey),
  });
}

/** Failed (a refusal other than the user's Cancel while the browser was out). */
export function applyFailure(ctx: EngineContext, err: unknown, email: string): void {
  // A flow that broke the table is a bug: never dressed up as a failure the user sees.
  if (err instanceof IllegalTransition) throw err;
  const failure = failureView(toLatchkeyError(err), ctx.now(), { email, via: 'sso' });
  ctx.state.apply({ type: 'activation-failed', failure });
}

export async function activateWithSso(
  ctx: EngineContext,
  email: string,
  signal: AbortSignal,
  receiver: CallbackReceiver | undefined,
): Promise<void> {
  try {
    await preflight(ctx);
    const signedIn = await signInWithSso({
      serverUrl: ctx.serverUrl(),
      fetch: ctx.fetch,
      email,
      openBrowser: ctx.options.openBrowser,
      timeoutMs: ctx.options.signInTimeoutMs,
      signal,
      receiver,
      onAuthorizationUrl: (authorizationUrl) =>
        ctx.state.apply({ type: 'sign-in-started', email, authorizationUrl }),
      onExchanging: () => ctx.state.apply({ type: 'browser-returned', email }),
    });
    ctx.state.apply({ type: 'signed-in', email });
    await activateSignedIn(ctx, email, signedIn, signal);
  } catch (err) {
    endSignIn(ctx, err, email, signal);
  }
}

/** How a sign-in that threw ends: the user's Cancel while the browser (or the other device) is out, or Failed. */
function endSignIn(ctx: EngineContext, err: unknown, email: string, signal: AbortSignal): void {
  // Cancel only counts while the browser is out; once the code is back the activation runs on.
  if (
    signal.aborted &&
    ctx.state.current.phase === 'waiting-for-browser' &&
    !(err instanceof IllegalTransition)
  )
    return ctx.state.apply({ type: 'sign-in-cancelled' });
  applyFailure(ctx, err, email);
}

/**
 * Sign in on another device (RFC 8628, issue 26 item 2): the code and its link are shown
 * (waiting-for-browser with `deviceCode`); the user's Cancel while it waits goes back to idle;
 * then the same activation as after the browser.
 */
export async function activateWithDeviceCode(
  ctx: EngineContext,
  email: string,
  signal: AbortSignal,
): Promise<void> {
  try {
    await preflight(ctx);
    const signedIn = await signInWithDeviceCode({
      serverUrl: ctx.serverUrl(),
      fetch: ctx.fetch,
      email,
      device: ctx.options.device,
      signal,
      now: () => ctx.now(),
      onCode: (deviceCode) =>
        ctx.state.apply({
          type: 'sign-in-started',
          email,
          authorizationUrl: deviceCode.verificationUriComplete,
          deviceCode,
        }),
    });
    ctx.state.apply({ type: 'browser-returned', email });
    ctx.state.apply({ type: 'signed-in', email });
    await activateSignedIn(ctx, email, signedIn, signal);
  } catch (err) {
    endSignIn(ctx, err, email, signal);
  }
}
