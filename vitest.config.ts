import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Every test file opens its own databases and servers on loopback; two
    // cores, so two files at a time.
    maxWorkers: 2,
    // newman 6.2.2 (the SCIM conformance run) reads fs.F_OK at load, which
    // Node 24 reports as DEP0176 on every run: not news for the reader.
    execArgv: ['--disable-warning=DEP0176'],
  },
});
