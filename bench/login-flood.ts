// A flood of unauthenticated password sign-ins with unknown emails: the load
// that starved check-ins (issue 10 item 5). `from: 'one-ip'` is one client;
// `from: 'many-ips'` gives each request its own X-Forwarded-For address, which
// a service trusting 127.0.0.1 as its proxy counts as a separate client — so
// the per-IP limit cannot help and only the bound on concurrent hashes does.
// The clients run in a child process (`node bench/login-flood.ts URL FROM N`),
// as an attacker's would: their own work must not land on the service's event loop.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export type FloodFrom = 'one-ip' | 'many-ips';

export interface FloodResult {
  requests: number;
  byStatus: Record<string, number>;
}

export interface Flood {
  /** Resolves at the first 429: from then on the rate limit, not the hash gate, bounds the flood. */
  limited: Promise<void>;
  stop(): Promise<FloodResult>;
}

export async function startLoginFlood(
  baseUrl: string,
  options: { concurrency: number; from: FloodFrom },
): Promise<Flood> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), baseUrl, options.from, String(options.concurrency)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  let onLimited = () => {};
  const limited = new Promise<void>((resolve) => (onLimited = resolve));
  let onResult: (r: FloodResult) => void = () => {};
  const result = new Promise<FloodResult>((resolve) => (onResult = resolve));
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  lines.on('line', (line) => {
    if (line === 'ready') onReady();
    else if (line === 'limited') onLimited();
    else onResult(JSON.parse(line) as FloodResult);
  });
  await ready;
  return {
    limited,
    async stop() {
      child.stdin.end();
      return result;
    },
  };
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

/** The child: floods until its stdin closes, then prints what it got. */
async function runFlood(baseUrl: string, from: FloodFrom, concurrency: number): Promise<void> {
  const { cookie, token } = await csrfPair(baseUrl);
  let running = true;
  let requests = 0;
  let saidLimited = false;
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
      if (from === 'many-ips')
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
      if (res.status === 429 && !saidLimited) {
        saidLimited = true;
        process.stdout.write('limited\n');
      }
    }
  };
  process.stdin.on('end', () => (running = false));
  process.stdin.resume();
  process.stdout.write('ready\n');
  await Promise.all(Array.from({ length: concurrency }, worker));
  process.stdout.write(`${JSON.stringify({ requests, byStatus: Object.fromEntries(byStatus) })}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [baseUrl = '', from = 'one-ip', concurrency = '16'] = process.argv.slice(2);
  await runFlood(baseUrl, from === 'many-ips' ? 'many-ips' : 'one-ip', Number(concurrency));
}
