// A JSON request from a chosen loopback source address (127.0.0.0/8 all
// reaches the test server): N concurrent requests as N distinct clients, so
// per-client rate limits do not decide a concurrency test's outcome.
import { request } from 'node:http';

export interface JsonReply<T> {
  status: number;
  body: T;
}

export function requestJson<T>(
  url: string,
  options: { method?: string; body?: unknown; token?: string; from?: string; form?: boolean },
): Promise<JsonReply<T>> {
  const payload =
    options.body === undefined
      ? undefined
      : options.form
        ? new URLSearchParams(options.body as Record<string, string>).toString()
        : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        localAddress: options.from,
        headers: {
          ...(options.token && { authorization: `Bearer ${options.token}` }),
          ...(payload !== undefined && {
            'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
          }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: the caller sees the text
          }
          resolve({ status: res.statusCode ?? 0, body: body as T });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The n-th of 250 loopback source addresses (127.0.1.1 …). */
export const clientAddress = (n: number) => `127.0.1.${(n % 250) + 1}`;
