import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/build-dist.ts'],
    // Tests start real DuckDB files, loopback HTTP mocks and child processes;
    // the machines have 2 cores, so keep parallelism modest and timeouts honest.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
