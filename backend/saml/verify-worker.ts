// Piscina worker: runs the CPU-bound half of ACS validation.
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { verifyResponse, type VerifyInput, type VerifyOutput } from './acs-verify.ts';

export default function verify(input: VerifyInput): Promise<VerifyOutput> {
  return verifyResponse(input);
}

/** This worker's own memory (its V8 heap, and the buffers outside it: libxml2-wasm's linear memory). */
export function memory(): {
  heapUsed: number;
  heapTotal: number;
  newSpace: number;
  external: number;
  arrayBuffers: number;
} {
  const heap = getHeapStatistics();
  const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  const { external, arrayBuffers } = process.memoryUsage();
  return { heapUsed: heap.used_heap_size, heapTotal: heap.total_heap_size, newSpace, external, arrayBuffers };
}
