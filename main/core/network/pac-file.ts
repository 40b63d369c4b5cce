// A proxy auto-configuration file: downloaded (never through a proxy), then its
// FindProxyForURL run in pac-resolver's sandbox — a QuickJS interpreter in
// WebAssembly with only the PAC helper functions, a memory cap and a deadline,
// because a PAC file is a program from the network.
// Any failure (download, script error, an answer with no usable entry) is
// PAC_UNREADABLE, naming the URL.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { LatchkeyError } from '../../../common/latchkey-error.ts';

export type FindProxy = (url: string) => Promise<string>;

const maxPacBytes = 1024 * 1024;
const runDeadlineMs = 5_000;

export function pacUnreadable(pacUrl: string, why: string, cause?: unknown): LatchkeyError {
  return new LatchkeyError(
    'PAC_UNREADABLE',
    `the proxy auto-configuration file ${pacUrl} ${why}`,
    { pacUrl },
    { cause },
  );
}

/** Downloads and compiles the PAC file; `download` is a direct fetch (no proxy). */
export async function loadPacFile(
  pacUrl: string,
  download: (url: string) => Promise<Response>,
): Promise<FindProxy> {
  let script: string;
  try {
    const response = await download(pacUrl);
    if (!response.ok) throw pacUnreadable(pacUrl, `answered ${response.status}`);
    script = await response.text();
  } catch (err) {
    if (err instanceof LatchkeyError) throw err;
    throw pacUnreadable(pacUrl, `could not be downloaded: ${causeOf(err)}`, err);
  }
  if (script.length > maxPacBytes) throw pacUnreadable(pacUrl, 'is larger than 1 MiB');
  try {
    const [{ QuickJS }, { createPacResolver }] = await Promise.all([
      import('quickjs-wasi'),
      import('pac-resolver'),
    ]);
    const wasm = await quickjsWasm();
    let deadline = Number.POSITIVE_INFINITY;
    const vm = await QuickJS.create({
      wasm,
      memoryLimit: 32 * 1024 * 1024,
      // A PAC file that loops forever stops here instead of hanging the app.
      interruptHandler: () => Date.now() > deadline,
    });
    const resolve = createPacResolver(vm, script);
    return async (url) => {
      deadline = Date.now() + runDeadlineMs;
      try {
        return await resolve(url);
      } catch (err) {
        throw pacUnreadable(pacUrl, `failed: ${causeOf(err)}`, err);
      }
    };
  } catch (err) {
    if (err instanceof LatchkeyError) throw err;
    throw pacUnreadable(pacUrl, `is not a valid PAC script: ${causeOf(err)}`, err);
  }
}

/** The bundled CLI carries quickjs.wasm beside it (scripts/build-electron.ts); the sources use the package's. */
function quickjsWasm(): Promise<Buffer> {
  return readFile(new URL('./quickjs.wasm', import.meta.url)).catch(() =>
    readFile(createRequire(import.meta.url).resolve('quickjs-wasi/quickjs.wasm')),
  );
}

/**
 * The first usable entry of a FindProxyForURL answer ("PROXY a:3128; DIRECT"): a proxy URL,
 * or 'DIRECT'. Browsers fail over to the next entry; the app uses the first, so what doctor
 * shows is what was tried.
 */
export function firstProxyOf(answer: string): string | null {
  for (const entry of answer.split(';')) {
    const [kind, hostPort] = entry.trim().split(/\s+/);
    const type = kind?.toUpperCase();
    if (type === 'DIRECT') return 'DIRECT';
    if (!hostPort || !/^[\w.-]+:\d{1,5}$|^\[[\d:a-f.]+\]:\d{1,5}$/i.test(hostPort)) continue;
    if (type === 'PROXY' || type === 'HTTP') return `http://${hostPort}`;
    if (type === 'HTTPS') return `https://${hostPort}`;
    if (type === 'SOCKS' || type === 'SOCKS5') return `socks5://${hostPort}`;
  }
  return null;
}

function causeOf(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}
