// Where the browser's redirect comes back to the app: the loopback listener
// (default) or the private-use scheme the OS hands to the app. Either way the
// app waits once, until the callback, a timeout, or the user's Cancel — the
// last two are BROWSER_CANCELLED.
import { LatchkeyError } from '../../../common/latchkey-error.ts';

export interface CallbackReceiver {
  redirectUri: string;
  /** Resolves with the full callback URL, once. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<URL>;
  close(): void;
}

export async function waitForCallback(
  received: Promise<URL>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  close: () => void,
): Promise<URL> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LatchkeyError(
            'BROWSER_CANCELLED',
            `no sign-in came back within ${Math.round(timeoutMs / 1000)} s`,
          ),
        ),
      timeoutMs,
    );
    onAbort = () => reject(new LatchkeyError('BROWSER_CANCELLED', 'the sign-in was cancelled in the app'));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([received, stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    close();
  }
}
