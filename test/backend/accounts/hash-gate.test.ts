import { expect, test } from 'vitest';
import { HashGate } from '../../../backend/accounts/hash-gate.ts';
import { ApiError } from '../../../backend/http/api-error.ts';

function held() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { done, release };
}

test('past its bound the gate queues, and refuses with 503 busy at once when the queue is full', async () => {
  const gate = new HashGate({ concurrency: 1, queue: 1, maxWaitMs: 60_000 });
  const started: string[] = [];
  const first = held();
  const second = held();
  const a = gate.run(async () => {
    started.push('a');
    await first.done;
    return 'a';
  });
  const b = gate.run(async () => {
    started.push('b');
    await second.done;
    return 'b';
  });
  const c = gate.run(async () => 'c');
  await expect(c).rejects.toMatchObject({ status: 503, code: 'busy' });
  await expect(c).rejects.toBeInstanceOf(ApiError);
  expect(started).toEqual(['a']);
  first.release();
  expect(await a).toBe('a');
  second.release();
  expect(await b).toBe('b');
  expect(started).toEqual(['a', 'b']);
  // The slots came back: the gate admits work again.
  expect(await gate.run(async () => 'd')).toBe('d');
});

test('a failing hash frees its slot', async () => {
  const gate = new HashGate({ concurrency: 1, queue: 0, maxWaitMs: 60_000 });
  await expect(gate.run(async () => Promise.reject(new Error('scrypt failed')))).rejects.toThrow(
    'scrypt failed',
  );
  expect(await gate.run(async () => 'next')).toBe('next');
});
