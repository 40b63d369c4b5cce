import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Many tests spawn real CLI and service processes (one to two seconds each on an idle
    // 2-core machine, several times that while it is busy): the bound is for hangs, not speed.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Every test file opens its own databases and servers on loopback; two
    // cores, so two files at a time.
    maxWorkers: 2,
    // newman 6.2.2 (the SCIM conformance run) reads fs.F_OK at load, which
    // Node 24 reports as DEP0176 on every run: not news for the reader.
    execArgv: ['--disable-warning=DEP0176'],
  },
});
