// The first middleware of the authorization server: a parameter holding a
// NUL byte (in the query or a form/JSON body) is an OAuth invalid_request
// (RFC 6749 §5.2), answered before oidc-provider looks anything up (PostgreSQL
// cannot even compare such text). A body read here is handed on unchanged.
import { Readable } from 'node:stream';
import type { default as Provider } from 'oidc-provider';
import { readCappedBody } from '../http/capped-body.ts';
import { findNul } from '../http/nul-bytes.ts';

type Middleware = Parameters<Provider['use']>[0];
type KoaContext = Parameters<Middleware>[0];

// oidc-provider's own limit for a request body (lib/shared/selective_body.js).
const bodyLimit = 56 * 1024;

function refuse(ctx: KoaContext, status: number, description: string): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.set('cache-control', 'no-store');
  ctx.body = JSON.stringify({ error: 'invalid_request', error_description: description });
}

function hasNul(params: URLSearchParams): boolean {
  return findNul(Object.fromEntries(params)) !== null || [...params.keys()].some((k) => k.includes('\u0000'));
}

export const refuseNulParameters: Middleware = async (ctx, next) => {
  if (hasNul(new URLSearchParams(ctx.querystring)))
    return refuse(ctx, 400, 'parameters must not contain NUL');
  if (ctx.method === 'POST' && ctx.is('application/x-www-form-urlencoded', 'application/json')) {
    const body = await readCappedBody(ctx.req, bodyLimit);
    if (body === null) return refuse(ctx, 413, 'the request body is too large');
    const text = body.toString('utf8');
    let nul = text.includes('\u0000');
    if (!nul && ctx.is('application/json')) nul = /\\u0000/i.test(text);
    else if (!nul) nul = hasNul(new URLSearchParams(text));
    if (nul) return refuse(ctx, 400, 'parameters must not contain NUL');
    // The stream is spent: oidc-provider reads the same bytes from a stand-in
    // that keeps the request's headers, cookies and URL.
    ctx.req = Object.create(ctx.req, {
      readable: { value: true },
      readableEncoding: { value: null },
      iterator: {
        value: (options?: { destroyOnReturn?: boolean }) => Readable.from([body]).iterator(options),
      },
    }) as KoaContext['req'];
  }
  return next();
};
