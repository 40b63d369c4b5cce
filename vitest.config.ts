import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Every test file opens its own databases and servers on loopback; two
    // cores, so two files at a time.
    maxWorkers: 2,
  },
});
