// HTTP helpers of the scale benchmark: a signed-in console session (cookie and
// CSRF token as a browser keeps them), timed GETs read to their last byte, and
// percentiles.
export interface Timed {
  status: number;
  ms: number;
  bytes: number;
  text: string;
}

export async function timedGet(url: string, headers: Record<string, string>): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, bytes: Buffer.byteLength(text), text };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return +(sorted[at] ?? Number.NaN).toFixed(2);
}

/** Signs in with the owner's password; returns the headers every console GET carries. */
export async function consoleSession(
  baseUrl: string,
  email: string,
  password: string,
): Promise<Record<string, string>> {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfRes = await fetch(`${baseUrl}/api/console/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const login = await fetch(`${baseUrl}/api/console/login`, {
    method: 'POST',
    headers: { cookie: cookie(), 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  keep(login);
  await login.arrayBuffer();
  if (login.status >= 300) throw new Error(`console login failed: ${login.status}`);
  return { cookie: cookie() };
}

/** VmRSS and VmHWM (the peak) of a process, in MiB, from /proc. */
export async function rssOf(pid: number): Promise<{ rssMiB: number; peakMiB: number } | null> {
  try {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: Math.round(kib('VmRSS') / 1024), peakMiB: Math.round(kib('VmHWM') / 1024) };
  } catch {
    return null;
  }
}
