// Bounds the password hashes (scrypt) one node computes at once. scrypt runs
// on libuv's thread pool and takes a core for ~100 ms: unbounded, a flood of
// sign-ins takes every core from check-ins. Past the bound, callers wait in a
// short queue; when that is full, or the wait too long, they are refused with
// 503 at once rather than queued without end. (The attempt limits themselves
// are counted in the database: http/rate-limits.ts. This bounds CPU only.)
import { ApiError } from '../http/api-error.ts';

export interface HashGateOptions {
  concurrency: number;
  queue: number;
  maxWaitMs: number;
}

const busy = () =>
  new ApiError(503, 'busy', 'the service is busy signing people in: try again in a few seconds');

export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly options: HashGateOptions;

  constructor(options: HashGateOptions) {
    this.options = options;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.options.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.queue) return Promise.reject(busy());
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(busy());
      }, this.options.maxWaitMs);
      timer.unref();
      this.waiting.push(grant);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter; `running` stays the same.
    if (next) next();
    else this.running -= 1;
  }
}
