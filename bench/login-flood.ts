// A flood of unauthenticated password sign-ins with unknown emails: the load
// that starved check-ins (issue 10 item 5). `from: 'one-ip'` is one client;
// `from: 'many-ips'` gives each request its own X-Forwarded-For address, which
// a service trusting 127.0.0.1 as its proxy counts as a separate client — so
// the per-IP limit cannot help and only the bound on concurrent hashes does.
import { randomBytes } from 'node:crypto';

export interface FloodResult {
  requests: number;
  byStatus: Record<string, number>;
}

export interface Flood {
  stop(): Promise<FloodResult>;
}

async function csrfPair(baseUrl: string): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${baseUrl}/api/console/csrf`);
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, token: csrfToken };
}

export async function startLoginFlood(
  baseUrl: string,
  options: { concurrency: number; from: 'one-ip' | 'many-ips' },
): Promise<Flood> {
  const { cookie, token } = await csrfPair(baseUrl);
  let running = true;
  let requests = 0;
  const byStatus = new Map<string, number>();
  let n = 0;
  const worker = async () => {
    while (running) {
      n += 1;
      const headers: Record<string, string> = {
        cookie,
        'x-csrf-token': token,
        'content-type': 'application/json',
      };
      if (options.from === 'many-ips')
        headers['x-forwarded-for'] = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const res = await fetch(`${baseUrl}/api/console/login`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          email: `nobody-${randomBytes(6).toString('hex')}@flood.example`,
          password: 'not the password',
        }),
      });
      await res.arrayBuffer();
      requests += 1;
      byStatus.set(String(res.status), (byStatus.get(String(res.status)) ?? 0) + 1);
    }
  };
  const workers = Array.from({ length: options.concurrency }, worker);
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      return { requests, byStatus: Object.fromEntries(byStatus) };
    },
  };
}
