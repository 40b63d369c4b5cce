// One HTTP attempt of a webhook: POST the signed body and read the answer,
// with limits that keep a bad receiver from holding a worker or memory:
// - one time limit for the whole attempt (connect, TLS, headers, body), 10 s
//   by default: a receiver that answers after 30 s is cut off at 10;
// - at most 1 KiB of the answer is read (the excerpt the console shows), then
//   the connection is dropped: a huge or endless body costs 1 KiB;
// - redirects are not followed (a 3xx is a failed attempt, as in Svix and
//   Stripe): the admin registers the URL that answers;
// - the connection's address is checked when it is made (endpoint-url.ts).
// The outcome is the status: 2xx delivered, anything else failed.
import { request } from 'node:https';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { guardedLookup, InternalAddressError, type UrlPolicy } from './endpoint-url.ts';

export const excerptBytes = 1024;

export interface SendOptions extends UrlPolicy {
  timeoutMs: number;
  /** Extra CA certificates to trust (PEM), beside Node's bundled ones; tests pass their receiver's. */
  ca?: string | undefined;
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

export function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const target = new URL(url);
  const latency = () => Math.round(performance.now() - started);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...result, latencyMs: latency() });
    };
    const make = target.protocol === 'https:' ? request : httpRequest;
    const req = make(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      lookup: guardedLookup(options),
      // A fresh connection per attempt: its address is checked, and no socket is kept for a stalled receiver.
      agent: false,
      ...(options.ca !== undefined && target.protocol === 'https:' && { ca: options.ca }),
    });
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          statusCode: null,
          responseExcerpt: null,
          error: `no answer within ${options.timeoutMs / 1000} s`,
        }),
      options.timeoutMs,
    );
    req.on('error', (err) =>
      finish({ ok: false, statusCode: null, responseExcerpt: null, error: describeError(err) }),
    );
    req.on('response', (res) => readExcerpt(res, finish));
    req.end(body);
  });
}

function readExcerpt(res: IncomingMessage, finish: (r: Omit<SendResult, 'latencyMs'>) => void): void {
  const status = res.statusCode ?? 0;
  const ok = status >= 200 && status < 300;
  const chunks: Buffer[] = [];
  let size = 0;
  const done = () => {
    const excerpt = Buffer.concat(chunks).subarray(0, excerptBytes).toString('utf8');
    finish({
      ok,
      statusCode: status,
      responseExcerpt: excerpt.length > 0 ? excerpt : null,
      error: ok
        ? null
        : status >= 300 && status < 400
          ? `the endpoint answered HTTP ${status} (redirects are not followed)`
          : `the endpoint answered HTTP ${status}`,
    });
  };
  res.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    // Enough for the excerpt: the rest is not read (finish() drops the connection).
    if (size >= excerptBytes) done();
  });
  res.on('end', done);
  res.on('error', done);
}

function describeError(err: Error): string {
  if (err instanceof InternalAddressError) return err.message;
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ENOTFOUND':
      return 'the host name does not resolve';
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the endpoint's TLS certificate is not trusted (${code})`;
    default:
      return `the request failed (${code ?? err.message})`;
  }
}
