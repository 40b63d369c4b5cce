// RFC 8628, the device authorization grant, for the desktop app (oidc-provider's
// deviceFlow feature): the app asks for a code at /oidc/device/auth, naming the
// email (login_hint) and the device (device_name, device_os); the user enters
// the code on a second device at /oidc/device, confirms which app and device,
// and then signs in through the same interaction as the browser flow
// (interaction-routes.ts: discovery → SAML → the ACS's decision); the app polls
// the token endpoint with its DPoP proof (dpop-policy.ts) and activates.
// Opt-in per account (devices/device-code-setting.ts): the request is refused
// at device authorization, before any code exists, with the catalog's code.
import type {
  default as Provider,
  Configuration,
  KoaContextWithOIDC,
  errors as OidcErrors,
} from 'oidc-provider';
import { formatFailureDescription } from '../../common/failure-reference.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { attempt, refuse } from '../access/refuse.ts';
import { requireDeviceCodeSignIn } from '../devices/device-code-setting.ts';
import type { ServiceDeps } from '../service-deps.ts';
import {
  codeEntryPage,
  confirmPage,
  signedInPage,
  type CodeEntryProblem,
  type WaitingDevice,
} from './device-pages.ts';
import { realmOfLoginHint } from './sign-in-realm.ts';

type DeviceFlow = NonNullable<NonNullable<Configuration['features']>['deviceFlow']>;
type ExtraParams = Record<string, (ctx: KoaContextWithOIDC, value: string | undefined) => Promise<void>>;

/** RFC 8628 §3.2 expires_in: short, so a phished code is soon worthless (the issue asks ≤ 10 min). */
export const deviceCodeLifetimeSeconds = 600;

// A name the user gave the computer and its OS, shown on the confirmation page (escaped there):
// printable text, no control or bidirectional-override characters that could disguise it.
const deviceNamePattern = /^[^\p{Cc}\p{Cf}]{1,100}$/u;
const deviceOsPattern = /^[A-Za-z0-9 ._()+-]{1,60}$/;

const emailOf = (params: Record<string, unknown>) =>
  typeof params.login_hint === 'string' ? params.login_hint.trim().toLowerCase() : '';

/** The device a code was issued to, as its authorization request named it. */
function waitingDevice(ctx: KoaContextWithOIDC): WaitingDevice | null {
  const params = (ctx.oidc.entities.DeviceCode?.params ?? {}) as Record<string, unknown>;
  const { device_name: deviceName, device_os: os } = params;
  if (typeof deviceName !== 'string' || typeof os !== 'string') return null;
  return { deviceName, os, email: emailOf(params) };
}

function problemOf(err: unknown): CodeEntryProblem | undefined {
  if (!err) return undefined;
  const name = err instanceof Error ? err.name : '';
  if (name === 'NotFoundError' || name === 'NoCodeError') return 'wrong-code';
  if (name === 'ExpiredError') return 'expired';
  if (name === 'AlreadyUsedError') return 'used';
  if (name === 'AbortedError') return 'cancelled';
  return 'other';
}

/**
 * "This is not my device" on the confirmation page (RFC 8628 §3.5 access_denied): written to the
 * activation log — the device's name and the address the code was asked from are the evidence of
 * a phished code — and the app polling for it is told DEVICE_CODE_DENIED with that reference.
 */
async function recordDenial(deps: ServiceDeps, ctx: KoaContextWithOIDC): Promise<void> {
  const code = ctx.oidc.entities.DeviceCode;
  const params = ctx.oidc.params as Record<string, unknown> | undefined;
  if (ctx.oidc.route !== 'code_verification' || !params?.abort || !code || code.error !== 'access_denied')
    return;
  const device = waitingDevice(ctx);
  const asker = (code.deviceInfo ?? {}) as Record<string, unknown>;
  // The account's log is where its admin looks: the email's realm, as at device authorization.
  const realm = await realmOfLoginHint(deps.database.db, device?.email ?? '').catch(() => null);
  const refusal = await refuse(
    deps.database.db,
    deps.clock,
    new LatchkeyError('DEVICE_CODE_DENIED', 'the user refused the device on the confirmation page', {
      deviceName: device?.deviceName ?? null,
      os: device?.os ?? null,
      requestedFrom: typeof asker.ip === 'string' ? asker.ip : null,
      deniedFrom: ctx.ip,
    }),
    { stage: 'discovery', accountId: realm?.accountId ?? null, email: device?.email || null },
  );
  code.errorDescription = formatFailureDescription(refusal.code, refusal.reference);
  await code.save();
}

export function deviceFlowFeature(deps: ServiceDeps): DeviceFlow {
  return {
    enabled: true,
    // base-20 consonants, 8 characters (20^8 ≈ 2.6·10^10, RFC 8628 §6.1), shown as XXXX-XXXX.
    charset: 'base-20',
    mask: '****-****',
    userCodeInputSource: async (ctx, form, _out, err) => {
      if (problemOf(err) === 'cancelled') await recordDenial(deps, ctx);
      ctx.type = 'html';
      ctx.body = codeEntryPage(form, problemOf(err));
    },
    userCodeConfirmSource: (ctx, form, _client, _deviceInfo, userCode) => {
      const device = waitingDevice(ctx);
      ctx.type = 'html';
      // A code from before this feature or from another client names no device: it is not confirmed.
      ctx.body = device ? confirmPage(form, device, userCode) : codeEntryPage('', 'other');
    },
    successSource: (ctx) => {
      ctx.type = 'html';
      ctx.body = signedInPage(waitingDevice(ctx));
    },
  };
}

/**
 * The device's name and OS (validated: they are shown to the user on the second device), and at
 * device authorization the account's opt-in — found from the login_hint as the browser's sign-in
 * start finds it (sign-in-realm.ts). A refusal is written to the activation log and answered
 * as RFC 8628 §3.2 / RFC 6749 §5.2 with the catalog's code in error_description.
 */
export function deviceExtraParams(deps: ServiceDeps, errors: typeof OidcErrors): ExtraParams {
  const { db } = deps.database;
  const required = (ctx: KoaContextWithOIDC, value: string | undefined, pattern: RegExp, name: string) => {
    if (ctx.oidc.route !== 'device_authorization') return;
    if (value === undefined || !pattern.test(value))
      throw new errors.InvalidRequest(
        `${name} is required: printable text, at most ${name === 'device_os' ? 60 : 100} characters`,
      );
  };
  return {
    device_os: async (ctx, value) => required(ctx, value, deviceOsPattern, 'device_os'),
    device_name: async (ctx, value) => {
      required(ctx, value, deviceNamePattern, 'device_name');
      if (ctx.oidc.route !== 'device_authorization') return;
      const email = emailOf(ctx.oidc.params as Record<string, unknown>);
      const allowed = await attempt(
        db,
        deps.clock,
        { stage: 'discovery', email, evidence: { deviceName: value, grant: 'device_code' } },
        async () => {
          const realm = await realmOfLoginHint(db, email);
          await requireDeviceCodeSignIn(db, realm.accountId, email);
        },
      );
      if (!allowed.ok) {
        const { refusal } = allowed;
        throw new errors.CustomOIDCProviderError(
          refusal.oauthError,
          formatFailureDescription(refusal.code, refusal.reference),
        );
      }
    },
  };
}

type Middleware = Parameters<Provider['use']>[0];

/**
 * A code posted without a live session (no cookie, or one whose session expired): oidc-provider
 * renders its error page with a new xsrf secret into a session it never stored, then fails to
 * save it (a 500). The browser is sent back to the code page instead, which starts a session.
 */
export const restartCodeEntryWithoutSession: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    const unsaved = err instanceof TypeError && err.message.startsWith('persist can only be called');
    if (!unsaved || ctx.oidc?.route !== 'code_verification') throw err;
    ctx.status = 303;
    ctx.set('location', ctx.oidc.urlFor('code_verification'));
    ctx.body = '';
  }
};
