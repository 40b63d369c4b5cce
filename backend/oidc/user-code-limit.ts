// RFC 8628 §5.1 ("Device Code Brute Forcing"): the code page's posts are
// counted per address before oidc-provider runs (device-flow-limits.ts), and
// here per user code as well, from whatever address: one code tried from many
// addresses is still held (10 posts naming it per 15 minutes; a real sign-in
// posts it twice — the code, then the confirmation). Only that code is held.
// The form body was read by refuseNulParameters, whose stand-in hands the same
// bytes to each reader: this one and then oidc-provider.
import type { default as Provider } from 'oidc-provider';
import { readCappedBody } from '../http/capped-body.ts';
import { tooManySignInsPage } from '../http/pages.ts';
import { exceededRateLimit, userCodeLimits } from '../http/rate-limits.ts';
import type { ServiceDeps } from '../service-deps.ts';

type Middleware = Parameters<Provider['use']>[0];
type KoaContext = Parameters<Middleware>[0];

const codeVerificationPath = /\/device$/i;
// The code page's form is a few fields; anything larger is oidc-provider's to refuse.
const formLimit = 4 * 1024;

/** The user code as oidc-provider looks it up (helpers/user_codes.js): case and separators ignored. */
const normalizedUserCode = (typed: string) => typed.toUpperCase().replace(/\W/g, '');

async function postedUserCode(ctx: KoaContext): Promise<string | null> {
  if (!ctx.is('application/x-www-form-urlencoded')) return null;
  // The stand-in's iterator: each call reads the same bytes from the start.
  const body = await readCappedBody(ctx.req.iterator({ destroyOnReturn: false }), formLimit);
  if (body === null) return null;
  const typed = new URLSearchParams(body.toString('utf8')).get('user_code');
  return typed ? normalizedUserCode(typed).slice(0, 64) || null : null;
}

/** Add after refuseNulParameters (it makes the body readable again). */
export function limitUserCodeTries(deps: ServiceDeps): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || !codeVerificationPath.test(ctx.path)) return next();
    const userCode = await postedUserCode(ctx);
    if (userCode === null) return next();
    const retryAfterSeconds = await exceededRateLimit(deps, userCodeLimits(userCode));
    if (retryAfterSeconds === undefined) return next();
    ctx.status = 429;
    ctx.set('retry-after', String(retryAfterSeconds));
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = tooManySignInsPage(retryAfterSeconds);
  };
}
