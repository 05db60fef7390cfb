import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Many tests wait on child processes, HTTP and timers: more files at once than cores.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests run with a non-UTC zone: the product must never depend on the process's time zone.
    env: { TZ: 'America/New_York' },
  },
});
