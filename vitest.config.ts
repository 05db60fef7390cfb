import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    pool: 'forks',
    // Many tests wait on child processes, HTTP and timers: more files at once than cores.
    maxWorkers: 3,
    // The pacing tests measure wall time against platform limits; on a busy 2-core machine a
    // neighbour file can starve one run. A retry keeps them honest without hiding a real failure.
    retry: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests run with a non-UTC zone: the product must never depend on the process's time zone.
    env: { TZ: 'America/New_York' },
  },
});
